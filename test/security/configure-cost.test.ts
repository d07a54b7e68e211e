/**
 * What an anonymous /configure costs the database in demo mode: its choices (segments, regions,
 * channels, campaigns, teams, owners, records) come from bounded queries that never read the
 * touches table (once 0.37 s of CPU per hit, enough at 5 hits a second to take another tenant's
 * widget from 4 ms to 3.4 s), and are kept per tenant until a write to it. Counted in SQL
 * statements as the gateway sends them (counts, not timings).
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../gateway/cli/seed.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { createGateway } from '../../gateway/server/app.js';
import type { RevenueDatabase } from '../../gateway/store/database.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { type Listening, listen } from '../support/replicas.js';

process.env.TANDEM_SYNC_INTERVAL_MINUTES = '0';

/** Keeps the SQL of every statement a database runs, as compiled for its dialect. */
function recording(database: RevenueDatabase): { database: RevenueDatabase; statements: string[] } {
  const statements: string[] = [];
  const executor = database.db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs) {
      statements.push(executor.compileQuery(node, queryId).sql);
      return node;
    },
    transformResult: async ({ result }: PluginTransformResultArgs) => result,
  };
  return { database: { ...database, db: database.db.withPlugin(recorder) }, statements };
}

const readsTouches = (sql: string) => /\btouches\b/i.test(sql);
/** Statements other than the page's tenant lookup (a handful of rows). */
const beyondTenants = (statements: string[]) => statements.filter((sql) => !/\bfrom "tenants"/.test(sql));

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the configurator's cost on ${dialect.name}`, () => {
    let test: TestDatabase;
    let gateway: Listening;
    let recorded: ReturnType<typeof recording>;

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await seedDemo(test.database, {
        people: 150,
        touches: 6000,
        seed: 11,
        tenants: 2,
        years: 1,
        progress: false,
      });
      recorded = recording(test.database);
      const { server } = createGateway({
        database: recorded.database,
        demo: true,
        cache: false,
        slaWatch: { intervalMs: 3_600_000 },
      });
      gateway = await listen(server);
    }, 120_000);
    afterAll(async () => {
      await gateway?.close();
      await test?.drop();
    });

    /** The statements one GET of `path` ran, and its body. */
    const hit = async (path: string) => {
      recorded.statements.length = 0;
      const response = await fetch(`${gateway.url}${path}`);
      const body = await response.text();
      expect(response.status).toBe(200);
      return { body, statements: [...recorded.statements] };
    };

    it('builds its choices with a bounded number of statements, none of them reading touches', async () => {
      for (const tenant of ['acme', 'nordlicht']) {
        const { body, statements } = await hit(`/configure?tenant=${tenant}`);
        expect(statements.filter(readsTouches)).toEqual([]);
        expect(statements.length).toBeGreaterThan(0);
        expect(statements.length).toBeLessThanOrEqual(12);
        // Every read of a table that grows with the data stops at a LIMIT.
        const growing = statements.filter((sql) =>
          /\b(people|person_identities|accounts|account_identities)\b/.test(sql),
        );
        expect(growing.filter((sql) => !/\blimit\b/i.test(sql))).toEqual([]);
        expect(body).toContain('<option value="Enterprise"');
        expect(body).toContain('<option value="email" >email</option>'); // a channel
      }
    });

    it('keeps a tenant’s choices: the next hit runs no statement but the tenant lookup', async () => {
      await hit('/configure?tenant=acme');
      expect(beyondTenants((await hit('/configure?tenant=acme&widget=funnel')).statements)).toEqual([]);
    });

    it('reads them again after a write to that tenant, and shows what was written', async () => {
      await hit('/configure?tenant=acme');
      await hit('/configure?tenant=nordlicht');
      await ingestRecords(new TenantStore(recorded.database, 'acme'), [
        {
          kind: 'campaign',
          system: 'marketo',
          sourceId: 'C-podcast',
          name: 'Autumn podcast',
          channel: 'podcast',
        },
      ]);
      const acme = await hit('/configure?tenant=acme');
      expect(beyondTenants(acme.statements).length).toBeGreaterThan(0);
      expect(acme.statements.filter(readsTouches)).toEqual([]);
      expect(acme.body).toContain('>Autumn podcast<');
      expect(acme.body).toContain('<option value="podcast" >podcast</option>');
      expect(beyondTenants((await hit('/configure?tenant=nordlicht')).statements)).toEqual([]);
    });
  });
}
