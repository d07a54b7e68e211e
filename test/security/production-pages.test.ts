/**
 * The demo pages under `tandem serve` (createGateway without demo): the CRM record pages, the
 * configurator and the portal's static files are the demo's and do not exist in production, so
 * nobody without a token reads a tenant's people through them. The one page production keeps,
 * /embed/<widget>, reads nothing from the store: its widget fetches /graphql with the frame's
 * token. Every route is walked, counting the SQL statements it runs (a count, not a timing).
 * Also: a malformed percent-encoding in any path is a 400 that logs no stack.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../gateway/cli/seed.js';
import { createGateway } from '../../gateway/server/app.js';
import { createGatewayLog } from '../../gateway/server/observability/log.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { type Listening, listen } from '../support/replicas.js';

process.env.TANDEM_SYNC_INTERVAL_MINUTES = '0';

/** JSON lines written by a gateway's log. */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createGatewayLog({ format: 'json', level: 'info' }, stream) };
}

interface Known {
  lead: string;
  email: string;
  account: string;
}

/** A lead of nordlicht with an email, and one of its accounts, by their CRM ids. */
async function knownRecords(test: TestDatabase): Promise<Known> {
  const store = new TenantStore(test.database, 'nordlicht');
  const lead = await store.db
    .selectFrom('person_identities as i')
    .innerJoin('people as p', 'p.id', 'i.person_id')
    .select(['i.source_id', 'p.email'])
    .where('i.object_type', '=', 'lead')
    .where('p.email', 'is not', null)
    .executeTakeFirstOrThrow();
  const account = await store.db
    .selectFrom('account_identities')
    .select('source_id')
    .executeTakeFirstOrThrow();
  return { lead: lead.source_id, email: lead.email!, account: account.source_id };
}

/** The demo's page routes: every one of them is gone under `tandem serve`. */
const demoRoutes = (known: Known) => [
  '/',
  '/index.html',
  '/portal.js',
  '/crm.js',
  '/configure.js',
  '/crm',
  '/crm/',
  '/crm?tenant=nordlicht',
  `/crm/lead/${encodeURIComponent(known.lead)}?tenant=nordlicht`,
  `/crm/contact/${encodeURIComponent(known.lead)}?tenant=nordlicht`,
  `/crm/account/${encodeURIComponent(known.account)}?tenant=nordlicht`,
  '/crm/opportunity/1',
  '/configure',
  '/configure?tenant=nordlicht&widget=customer-360',
  '/demo/tenants',
  '/demo/token?tenant=nordlicht',
];

/** What production keeps: the iframe route and the files its page loads. */
const embedRoutes = (known: Known) =>
  [
    ['/embed/funnel?tenant=acme', 200],
    [`/embed/customer-360?tenant=nordlicht&record-id=${encodeURIComponent(known.lead)}`, 200],
    ['/embed/no-such-widget?tenant=nordlicht', 404],
    ['/embed.js', 200],
    ['/demo.js', 200],
    ['/demo.css', 200],
  ] as const;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`pages without a token on ${dialect.name}`, () => {
    let test: TestDatabase;
    let production: Listening;
    let demo: Listening;
    let known: Known;
    const productionLog = logCapture();
    const demoLog = logCapture();

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name);
      await seedDemo(test.database, {
        people: 40,
        touches: 200,
        seed: 7,
        tenants: 2,
        years: 1,
        progress: false,
      });
      known = await knownRecords(test);
      // The SLA watcher looks once an hour here, so every statement counted below is the request's own.
      const common = { database: test.database, cache: false as const, slaWatch: { intervalMs: 3_600_000 } };
      production = await listen(createGateway({ ...common, log: productionLog.log }).server);
      demo = await listen(createGateway({ ...common, demo: true, log: demoLog.log }).server);
    }, 120_000);
    afterAll(async () => {
      await production?.close();
      await demo?.close();
      await test?.drop();
    });

    /** The response to GET `path`, and how many SQL statements the gateway ran for it. */
    const get = async (base: Listening, path: string) => {
      const before = test.database.stats.queries;
      const response = await fetch(`${base.url}${path}`);
      const body = await response.text();
      return { status: response.status, body, statements: test.database.stats.queries - before };
    };

    it('answers every demo page under `tandem serve` with a 404 like any unknown path, reading nothing', async () => {
      const unknown = await get(production, '/no-such-page');
      expect(unknown.status).toBe(404);
      for (const path of demoRoutes(known)) {
        const answer = await get(production, path);
        expect({ path, status: answer.status, statements: answer.statements }).toEqual({
          path,
          status: 404,
          statements: 0,
        });
        expect(answer.body).toMatch(/^Not found: /);
        expect(answer.body).not.toContain(known.email);
      }
    });

    it('keeps the iframe route under `tandem serve`, and it reads nothing from the store', async () => {
      for (const [path, status] of embedRoutes(known)) {
        const answer = await get(production, path);
        expect({ path, status: answer.status, statements: answer.statements }).toEqual({
          path,
          status,
          statements: 0,
        });
      }
    });

    it('keeps the demo pages in demo mode (`tandem start`)', async () => {
      for (const path of demoRoutes(known).filter((p) => !/opportunity|contact/.test(p))) {
        expect({ path, status: (await get(demo, path)).status }).toEqual({ path, status: 200 });
      }
      expect(
        (await get(demo, `/crm/lead/${encodeURIComponent(known.lead)}?tenant=nordlicht`)).body,
      ).toContain(known.lead);
      // The portal's switcher: GraphQL's `tenants` answers a token's own tenant only.
      const listed = JSON.parse((await get(demo, '/demo/tenants')).body) as { tenants: { id: string }[] };
      expect(listed.tenants.map((tenant) => tenant.id).sort()).toEqual(['acme', 'nordlicht']);
    });

    it.each([
      '/%',
      '/%E0%A4%A',
      '/index.html%',
      '/graphql/%',
      '/widgets/%',
      '/widgets/tandem.js%zz',
      '/embed/%',
      '/crm/%',
      '/crm/lead/%?tenant=acme',
      '/configure%',
      '/ingest/%',
      '/demo/%',
      '/health/%',
      '/ready%',
      '/metrics%',
      '/schema.graphql%',
    ])('answers a malformed path %s with 400 and logs no stack, in both modes', async (path) => {
      for (const [base, capture] of [
        [production, productionLog],
        [demo, demoLog],
      ] as const) {
        const answer = await get(base, path);
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 400,
          body: 'Bad request: malformed URL\n',
        });
        const logged = JSON.stringify(capture.lines);
        expect(logged).not.toContain('URIError');
        expect(logged).not.toMatch(/"stack"/);
        expect(capture.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
        expect((await get(base, '/health')).status).toBe(200);
      }
    });
  });
}
