/**
 * Live updates end to end on SQLite and PostgreSQL: a subscription opened over server-sent events
 * through `yoga.fetch` hears what ingest and the closed loop commit (through the bridge), narrowed
 * to what its token may see; viewers may open only the widgets' subscription; a stream ends when
 * its token expires and releases its listener when closed. Nothing is timed: where an event must
 * NOT arrive, a later one that must is sent after it, and the first to arrive is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../../gateway/auth/claims.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { startLiveBridge } from '../../gateway/live/bridge.js';
import { createLivePubSub, type LivePubSub } from '../../gateway/live/pubsub.js';
import { liveOperation } from '../../widgets/shared/live.query.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { type Subscription, subscribe, until } from './sse.js';

const t0 = Date.parse('2026-03-02T14:00:00Z'); // a Monday, 09:00 in New York
const at = (hours: number) => t0 + hours * 3_600_000;
const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;

const person = (name: string, owned: boolean): SourceRecordInput => ({
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId: `M-${name}`,
  email: `${name}@acme.com`,
  firstName: name,
  lastName: 'Test',
  ownerEmail: owned ? rep.email : undefined,
  createdAt: at(0),
  updatedAt: at(0),
});
let touches = 0;
const touch = (name: string): SourceRecordInput => ({
  kind: 'touch',
  system: 'marketo',
  sourceId: `T${++touches}`,
  person: { email: `${name}@acme.com` },
  channel: 'email',
  type: 'email_open',
  occurredAt: at(1),
});
const stage = (name: string, to: string, hours: number): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'marketo',
  sourceId: `S-${name}-${to}-${hours}`,
  person: { email: `${name}@acme.com` },
  to,
  byTeam: to === 'lead' || to === 'mql' ? 'marketing' : 'sales',
  occurredAt: at(hours),
});

const metricsQuery =
  'subscription ($kinds: [MetricsChangeKind!]) { metricsChanged(kinds: $kinds) { at origin kinds people opportunities handoffs breaches campaigns definitions } }';
const handoffsQuery =
  'subscription ($kinds: [LeadHandoffKind!]) { leadHandoffs(kinds: $kinds) { kind at handoffId deadlineAt sentBackReason person { id name } owner { name } } }';

type Metrics = { metricsChanged: Record<string, unknown> };
type Handoff = { leadHandoffs: Record<string, unknown> & { person: { id: string; name: string } } };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`live subscriptions on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let pubsub: LivePubSub;
    let stopBridge: () => void;
    const ids: Record<string, string> = {};
    let repId = '';

    /** Opens a subscription and waits until it listens on `topic`. */
    async function open<T>(
      query: string,
      topic: string,
      options: { grant?: TokenGrant; variables?: Record<string, unknown>; tenant?: string } = {},
    ): Promise<Subscription<T>> {
      const tenant = options.tenant ?? 'acme';
      const token = await gateway.token(options.grant ?? { tenant, role: 'admin', name: 'ana' });
      const before = pubsub.subscribers(`${topic}:${tenant}`);
      const subscription = await subscribe<T>(gateway.yoga, token, query, {
        variables: options.variables,
        tenant,
      });
      expect(subscription.status).toBe(200);
      await until(() => pubsub.subscribers(`${topic}:${tenant}`) > before, `a ${topic} subscriber`);
      return subscription;
    }

    const mutate = async (mutation: string) => {
      const result = await gateway.graphql(mutation);
      expect(result.errors).toBeUndefined();
    };

    beforeAll(async () => {
      pubsub = createLivePubSub();
      gateway = await createTestGateway(dialect.name, { pubsub });
      stopBridge = startLiveBridge(gateway.database, pubsub);
      const names = ['ann', 'dora', 'ed', 'fay'];
      await gateway.ingest('acme', [rep, ...names.map((n) => person(n, true)), person('carl', false)]);
      const db = gateway.store('acme').db;
      for (const name of [...names, 'carl']) {
        ids[name] = (
          await db
            .selectFrom('person_emails')
            .select('person_id')
            .where('email', '=', `${name}@acme.com`)
            .executeTakeFirstOrThrow()
        ).person_id;
      }
      repId = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => {
      stopBridge?.();
      await gateway?.drop();
    });

    it('tells a subscriber what an ingest batch changed', async () => {
      const live = await open<Metrics>(metricsQuery, 'metrics');
      await gateway.ingest('acme', [touch('ann'), touch('dora')]);
      const { data, errors } = await live.next();
      expect(errors).toBeUndefined();
      expect(data!.metricsChanged).toMatchObject({
        origin: 'INGEST',
        kinds: ['PEOPLE'],
        people: 2,
        opportunities: 0,
        handoffs: 0,
        breaches: 0,
        campaigns: 0,
        definitions: false,
      });
      expect(Date.parse(data!.metricsChanged.at as string)).toBeGreaterThan(0);
      await live.close();
    });

    it('sends only the kinds asked for', async () => {
      const live = await open<Metrics>(metricsQuery, 'metrics', { variables: { kinds: ['DEFINITIONS'] } });
      await gateway.ingest('acme', [touch('ann')]); // people only: not sent
      await mutate('mutation { updateSlaPolicy(input: { monthlyLeadGoal: 301 }) }');
      const { data } = await live.next();
      expect(data!.metricsChanged).toMatchObject({
        origin: 'DEFINITIONS',
        kinds: ['DEFINITIONS'],
        definitions: true,
      });
      await live.close();
    });

    it('announces a handoff, its acceptance and its send-back, with the person and the SLA deadline', async () => {
      const all = await open<Handoff>(handoffsQuery, 'handoffs');
      const sentBack = await open<Handoff>(handoffsQuery, 'handoffs', {
        variables: { kinds: ['SENT_BACK'] },
      });
      await gateway.ingest('acme', [stage('ann', 'lead', 2), stage('ann', 'mql', 3)]);
      const handedOff = (await all.next()).data!.leadHandoffs;
      expect(handedOff).toMatchObject({
        kind: 'HANDED_OFF',
        at: new Date(at(3)).toISOString(),
        // 12:00 in New York + 4 business hours
        deadlineAt: new Date(at(7)).toISOString(),
        sentBackReason: null,
        person: { id: ids.ann, name: 'ann Test' },
        owner: { name: 'Rita Rep' },
      });
      await mutate(`mutation { acceptLead(personId: "${ids.ann}") { id } }`);
      const accepted = (await all.next()).data!.leadHandoffs;
      expect(accepted).toMatchObject({
        kind: 'ACCEPTED',
        handoffId: handedOff.handoffId,
        person: { id: ids.ann },
      });
      await mutate(`mutation { sendBackLead(personId: "${ids.ann}", reason: BAD_TIMING) { id } }`);
      const back = (await all.next()).data!.leadHandoffs;
      expect(back).toMatchObject({
        kind: 'SENT_BACK',
        handoffId: handedOff.handoffId,
        sentBackReason: 'bad_timing',
      });
      // The filtered subscription heard neither the handoff nor the acceptance.
      expect((await sentBack.next()).data!.leadHandoffs).toMatchObject({
        kind: 'SENT_BACK',
        person: { id: ids.ann },
      });
      await Promise.all([all.close(), sentBack.close()]);
    });

    it('drops events about people a row-scoped token cannot see, and counts only the visible', async () => {
      const grant: TokenGrant = { tenant: 'acme', role: 'analyst', name: 'rita', scopes: { owner: repId } };
      const handoffs = await open<Handoff>(handoffsQuery, 'handoffs', { grant });
      const metrics = await open<Metrics>(metricsQuery, 'metrics', { grant });
      const everything = await open<Metrics>(metricsQuery, 'metrics');
      await gateway.ingest('acme', [stage('carl', 'lead', 2), stage('carl', 'mql', 3)]); // carl: nobody's
      await gateway.ingest('acme', [stage('dora', 'lead', 2), stage('dora', 'mql', 3)]);
      expect((await handoffs.next()).data!.leadHandoffs.person.id).toBe(ids.dora);

      await gateway.ingest('acme', [touch('carl')]);
      await gateway.ingest('acme', [
        touch('carl'),
        touch('dora'),
        { kind: 'campaign', system: 'marketo', sourceId: 'C-live', name: 'Live launch', channel: 'email' },
      ]);
      // Unscoped: carl's handoff, dora's handoff, carl's touch, then both touches.
      const seen = [];
      for (let i = 0; i < 4; i++) seen.push((await everything.next()).data!.metricsChanged);
      expect(seen.map((c) => [c.kinds, c.people])).toEqual([
        [['PEOPLE', 'HANDOFFS'], 1],
        [['PEOPLE', 'HANDOFFS'], 1],
        [['PEOPLE'], 1],
        [['PEOPLE', 'CAMPAIGNS'], 2],
      ]);
      // Scoped to the rep: dora's handoff, then the batch with dora in it, counted without carl.
      expect((await metrics.next()).data!.metricsChanged).toMatchObject({
        kinds: ['PEOPLE', 'HANDOFFS'],
        handoffs: 1,
      });
      expect((await metrics.next()).data!.metricsChanged).toMatchObject({
        kinds: ['PEOPLE', 'CAMPAIGNS'],
        people: 1,
        campaigns: 1,
      });
      await Promise.all([handoffs.close(), metrics.close(), everything.close()]);
    });

    it('lets a viewer token open the widgets’ subscription, and no other', async () => {
      const grant: TokenGrant = { tenant: 'acme', role: 'viewer', widgets: ['funnel'] };
      const live = await open<Metrics>(liveOperation.query, 'metrics', { grant });
      await gateway.ingest('acme', [touch('ed')]);
      const { data } = await live.next();
      expect(Date.parse(data!.metricsChanged.at as string)).toBeGreaterThan(0);
      await live.close();

      const refused = await subscribe(gateway.yoga, await gateway.token(grant), handoffsQuery);
      expect(refused.status).toBe(403);
      await refused.close();
    });

    it('keeps tenants apart: a subscriber hears only its own tenant', async () => {
      await gateway.ingest('globex', [person('gus', false), person('gwen', false)]);
      const globex = await open<Metrics>(metricsQuery, 'metrics', { tenant: 'globex' });
      await gateway.ingest('acme', [touch('fay')]);
      await gateway.ingest('globex', [touch('gus'), touch('gwen')]);
      expect((await globex.next()).data!.metricsChanged).toMatchObject({ people: 2 });
      await globex.close();
    });

    it('ends the stream when the token expires, and a closed stream stops listening', async () => {
      const before = pubsub.subscribers('metrics:acme');
      // Minted ~1 h ago for 1 h: it expires in about 2 s (yet verifies now).
      const token = await gateway.token(
        { tenant: 'acme', role: 'analyst', name: 'ana' },
        { now: Date.now() - 3_598_000, expiresIn: 3600 },
      );
      const live = await subscribe(gateway.yoga, token, metricsQuery);
      await until(() => pubsub.subscribers('metrics:acme') > before, 'the subscriber');
      await live.completed(15_000);
      await until(() => pubsub.subscribers('metrics:acme') === before, 'the listener to go');
    });
  });
}
