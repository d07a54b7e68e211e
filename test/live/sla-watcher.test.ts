/**
 * The SLA watcher on SQLite and PostgreSQL, driven with fixed instants through `tick(now)`: a
 * breach is announced once, when the tick passes its deadline (computed at handoff in the
 * tenant's business hours and time zone: a Friday-afternoon handoff breaches on Monday), never
 * for a handoff followed up or sent back in time, and once only across two watchers; subscribers
 * hear it as an SlaBreach and as a metrics change from the SLA clock.
 */
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { startLiveBridge } from '../../gateway/live/bridge.js';
import { createLivePubSub, type LivePubSub } from '../../gateway/live/pubsub.js';
import { createSlaWatcher } from '../../gateway/live/sla-watcher.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { subscribe, until } from './sse.js';

const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;

function lead(name: string, domain: string): SourceRecordInput[] {
  return [
    rep,
    {
      kind: 'person',
      system: 'marketo',
      objectType: 'ma_lead',
      sourceId: `M-${name}`,
      email: `${name}@${domain}`,
      firstName: name,
      ownerEmail: rep.email,
      createdAt: Date.parse('2026-03-02T12:00:00Z'),
      updatedAt: Date.parse('2026-03-02T12:00:00Z'),
    },
  ];
}
const stage = (email: string, to: string, when: string, reason?: string): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'marketo',
  sourceId: `S-${email}-${to}-${when}`,
  person: { email },
  to,
  byTeam: to === 'lead' || to === 'mql' ? 'marketing' : 'sales',
  reason,
  occurredAt: Date.parse(when),
});
/** Handed off on Friday 6 March 2026 at 16:00 local time. */
const handOff = (email: string, offset: string) => [
  stage(email, 'lead', `2026-03-06T10:00:00${offset}`),
  stage(email, 'mql', `2026-03-06T16:00:00${offset}`),
];
const call = (email: string, when: string): SourceRecordInput => ({
  kind: 'activity',
  system: 'salesforce',
  sourceId: `A-${email}`,
  person: { email },
  userEmail: rep.email,
  type: 'call',
  subject: 'Intro call',
  occurredAt: Date.parse(when),
});

const ny = '-05:00'; // New York before daylight saving time (8 March 2026)
const iso = (text: string) => new Date(Date.parse(text)).toISOString();

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the SLA watcher on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let pubsub: LivePubSub;
    let stopBridge: () => void;

    beforeAll(async () => {
      pubsub = createLivePubSub();
      gateway = await createTestGateway(dialect.name, { pubsub });
      stopBridge = startLiveBridge(gateway.database, pubsub);
      // Written on Friday evening, after the handoffs and before any deadline: live, not history.
      const written = { now: Date.parse('2026-03-06T22:00:00Z') };
      await gateway.ingest(
        'acme',
        [
          ...['ann', 'bo', 'cy', 'dee'].flatMap((name) => lead(name, 'acme.com')),
          ...handOff('ann@acme.com', ny),
          ...handOff('bo@acme.com', ny),
          call('bo@acme.com', `2026-03-09T10:00:00-04:00`), // Monday, within the 4 business hours
          ...handOff('cy@acme.com', ny),
          stage('cy@acme.com', 'sal', '2026-03-09T09:10:00-04:00'),
          stage('cy@acme.com', 'lead', '2026-03-09T09:30:00-04:00', 'bad_timing'), // sent back in time
          stage('dee@acme.com', 'lead', '2026-03-09T09:00:00-04:00'),
          stage('dee@acme.com', 'mql', '2026-03-09T10:00:00-04:00'), // Monday: breaches at 14:00
        ],
        written,
      );
      await gateway.ingest(
        'globex',
        [...lead('gus', 'globex.de'), ...handOff('gus@globex.de', '+01:00')],
        written,
      );
    });
    afterAll(async () => {
      stopBridge?.();
      await gateway?.drop();
    });

    it('computed the deadlines in each tenant’s business hours (Friday 16:00 + 4 h = Monday 12:00)', async () => {
      const deadline = async (tenant: string, email: string) => {
        const row = await gateway
          .store(tenant)
          .db.selectFrom('handoffs')
          .innerJoin('person_emails', 'person_emails.person_id', 'handoffs.person_id')
          .select('deadline_at')
          .where('person_emails.email', '=', email)
          .executeTakeFirstOrThrow();
        return new Date(Number(row.deadline_at)).toISOString();
      };
      expect(await deadline('acme', 'ann@acme.com')).toBe(iso('2026-03-09T12:00:00-04:00')); // after DST began
      expect(await deadline('globex', 'gus@globex.de')).toBe(iso('2026-03-09T12:00:00+01:00'));
    });

    it('announces each breach once, as its deadline passes, and not the followed-up or sent-back ones', async () => {
      const viewer = await gateway.token({ tenant: 'acme', role: 'analyst', name: 'ana' });
      const before = pubsub.subscribers('breaches:acme');
      const breaches = await subscribe<{
        slaBreaches: { handoffId: string; person: { name: string }; owner: { name: string } } & Record<
          string,
          string
        >;
      }>(
        gateway.yoga,
        viewer,
        'subscription { slaBreaches { handoffId person { name } owner { name } handedOffAt deadlineAt detectedAt } }',
      );
      const metrics = await subscribe<{ metricsChanged: Record<string, unknown> }>(
        gateway.yoga,
        viewer,
        'subscription { metricsChanged { origin kinds breaches people } }',
      );
      await until(() => pubsub.subscribers('breaches:acme') > before, 'the breach subscriber');
      await until(() => pubsub.subscribers('metrics:acme') > 0, 'the metrics subscriber');

      const watcher = createSlaWatcher(gateway.database, pubsub);
      const names = async (found: { personId: string }[]) => {
        const rows = await gateway
          .store('acme')
          .db.selectFrom('people')
          .select(['id', 'first_name'])
          .execute();
        const globex = await gateway
          .store('globex')
          .db.selectFrom('people')
          .select(['id', 'first_name'])
          .execute();
        const name = new Map([...rows, ...globex].map((r) => [r.id, r.first_name]));
        return found.map((b) => name.get(b.personId));
      };
      expect(await watcher.tick(Date.parse('2026-03-07T12:00:00Z'))).toEqual([]); // Saturday
      expect(await watcher.tick(Date.parse('2026-03-09T12:00:00+01:00'))).toEqual([]); // gus's deadline, not past it
      expect(await names(await watcher.tick(Date.parse('2026-03-09T12:00:01+01:00')))).toEqual(['gus']);
      const noon = Date.parse('2026-03-09T12:00:01-04:00');
      const ann = await watcher.tick(noon);
      expect(await names(ann)).toEqual(['ann']); // bo was called, cy sent back
      expect(await watcher.tick(Date.parse('2026-03-09T13:00:00-04:00'))).toEqual([]);

      // Another watcher (another replica) looking at the same moment finds ann, but she is claimed.
      const other = createSlaWatcher(gateway.database, pubsub);
      expect(await other.tick(noon + 1000)).toEqual([]);
      expect(await names(await other.tick(Date.parse('2026-03-09T14:00:01-04:00')))).toEqual(['dee']);

      const first = (await breaches.next()).data!.slaBreaches;
      expect(first).toMatchObject({
        handoffId: ann[0]!.handoffId,
        person: { name: 'ann' },
        owner: { name: 'Rita Rep' },
        handedOffAt: iso('2026-03-06T16:00:00-05:00'),
        deadlineAt: iso('2026-03-09T12:00:00-04:00'),
        detectedAt: new Date(noon).toISOString(),
      });
      // Next comes dee's: ann's was not announced twice, and gus (globex) never reached acme.
      expect((await breaches.next()).data!.slaBreaches.person.name).toBe('dee');
      expect((await metrics.next()).data!.metricsChanged).toEqual({
        origin: 'SLA_CLOCK',
        kinds: ['BREACHES'],
        breaches: 1,
        people: 0,
      });
      await Promise.all([breaches.close(), metrics.close()]);
    });

    it('looks again at a window whose look failed, and refuses a bad interval', async () => {
      expect(() => createSlaWatcher(gateway.database, pubsub, { intervalMs: 0 })).toThrow(
        "the SLA watcher's interval must be more than 0 ms, got 0",
      );
      const watcher = createSlaWatcher(gateway.database, createLivePubSub());
      expect(await watcher.tick(Date.parse('2026-03-09T11:00:00Z'))).toEqual([]);
      const closed = { ...gateway.database, db: gateway.database.db.withPlugin(new FailingPlugin()) };
      const failing = createSlaWatcher(closed, createLivePubSub());
      await failing.tick(Date.parse('2026-03-09T11:00:00Z')); // first look: nothing due yet
      FailingPlugin.failing = true;
      await expect(failing.tick(Date.parse('2026-03-09T17:00:00Z'))).rejects.toThrow('database unavailable');
      FailingPlugin.failing = false;
      // The failed window (11:00 → 17:00 UTC) is looked at again: ann and gus breach in it.
      const found = await failing.tick(Date.parse('2026-03-09T17:00:01Z'));
      expect(found.map((b) => b.tenantId).sort()).toEqual(['acme', 'globex']);
    });
  });
}

/** Makes every query fail while `failing` is set: a database that went away for a moment. */
class FailingPlugin implements KyselyPlugin {
  static failing = false;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (FailingPlugin.failing) throw new Error('database unavailable');
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
