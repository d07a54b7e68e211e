/**
 * One breach rule (gateway/domain/sla-breach.ts), asked four ways on the same handoffs, on SQLite
 * and PostgreSQL: the raw SLA metric, the rollups, the breach watcher and each person's SLA
 * status. Five leads are handed off on Monday 9 March 2026 at 10:00 in New York (4 business
 * hours: deadline 14:00):
 *   ivy   called at 11:00                                   → WITHIN_TARGET
 *   sam   accepted 10:30, sent back 11:00, never touched    → SENT_BACK: answered in time, no breach
 *   lou   accepted 15:00, sent back 15:30, never touched    → LATE: late before it was sent back
 *   tom   called at 16:00                                   → LATE
 *   ola   never touched                                     → BREACHED (open)
 * At 14:00:01, before the late answers were written, lou and tom are open breaches too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answeredStatus,
  type HandoffSlaStatus,
  handoffSlaStatus,
  handoffSlaStatuses,
} from '../../gateway/domain/sla-breach.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { createLivePubSub } from '../../gateway/live/pubsub.js';
import { createSlaWatcher } from '../../gateway/live/sla-watcher.js';
import { dayRangeOf, rangeOf } from '../../gateway/metrics/filter.js';
import { refreshRollups } from '../../gateway/metrics/refresh.js';
import { salesFollowUpFromRollups } from '../../gateway/metrics/sla/handoffs-rollup.js';
import { type FollowUp, salesFollowUp } from '../../gateway/metrics/sla/sales.js';
import { createTandemYoga } from '../../gateway/server/yoga.js';
import { handoffStatus } from '../../schema/customer-person.js';
import { dialects } from '../support/databases.js';
import { askAsAdmin, createTestGateway, type TestGateway, testKeys } from '../support/gateway.js';

const zone = '-04:00'; // New York, daylight saving time
const at = (time: string) => Date.parse(`2026-03-09T${time}${zone}`);
const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;

const person = (name: string): SourceRecordInput => ({
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId: `M-${name}`,
  email: `${name}@breach.example`,
  firstName: name,
  ownerEmail: rep.email,
  createdAt: at('08:00:00'),
  updatedAt: at('08:00:00'),
});
const stage = (name: string, to: string, time: string, reason?: string): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'marketo',
  sourceId: `S-${name}-${to}-${time}`,
  person: { email: `${name}@breach.example` },
  to,
  byTeam: to === 'lead' || to === 'mql' ? 'marketing' : 'sales',
  reason,
  occurredAt: at(time),
});
const call = (name: string, time: string): SourceRecordInput => ({
  kind: 'activity',
  system: 'salesforce',
  sourceId: `A-${name}`,
  person: { email: `${name}@breach.example` },
  userEmail: rep.email,
  type: 'call',
  occurredAt: at(time),
});
const names = ['ivy', 'sam', 'lou', 'tom', 'ola'];
const handedOff = names.flatMap((name) => [
  person(name),
  stage(name, 'lead', '09:00:00'),
  stage(name, 'mql', '10:00:00'),
]);
/** What sales did before the deadline. */
const inTime = [
  call('ivy', '11:00:00'),
  stage('sam', 'sal', '10:30:00'),
  stage('sam', 'lead', '11:00:00', 'bad_timing'),
];
/** What sales did after it. */
const late = [
  call('tom', '16:00:00'),
  stage('lou', 'sal', '15:00:00'),
  stage('lou', 'lead', '15:30:00', 'no_budget'),
];

/** A follow-up's counts by status, as the person statuses should add up to. */
const countsOf = (f: FollowUp) => ({
  WITHIN_TARGET: f.followedUpWithinTarget,
  SENT_BACK: f.sentBackInTime,
  LATE: f.closedBreaches,
  BREACHED: f.openBreaches,
  OPEN: f.pending,
});
const tally = (statuses: Iterable<HandoffSlaStatus>) => {
  const counts = Object.fromEntries(handoffSlaStatuses.map((s) => [s, 0])) as Record<
    HandoffSlaStatus,
    number
  >;
  for (const status of statuses) counts[status]++;
  return counts;
};

describe('the breach rule', () => {
  const deadlineAt = 1_000;
  const cases: [string, number | null, number | null, HandoffSlaStatus][] = [
    ['touched at the deadline', 1_000, null, 'WITHIN_TARGET'],
    ['touched in time, sent back later', 900, 2_000, 'WITHIN_TARGET'],
    ['sent back in time, untouched', null, 1_000, 'SENT_BACK'],
    ['sent back in time, touched late', 1_500, 800, 'SENT_BACK'],
    ['touched late', 1_001, null, 'LATE'],
    ['sent back late, untouched', null, 1_200, 'LATE'],
    ['untouched, deadline passed', null, null, 'BREACHED'],
  ];
  it.each(cases)('%s', (_, firstTouchAt, sentBackAt, status) => {
    expect(handoffSlaStatus({ deadlineAt, firstTouchAt, sentBackAt }, 5_000)).toBe(status);
  });
  it('is open until the deadline has passed, whatever the clock says of answered handoffs', () => {
    const waiting = { deadlineAt, firstTouchAt: null, sentBackAt: null };
    expect(handoffSlaStatus(waiting, 1_000)).toBe('OPEN');
    expect(handoffSlaStatus(waiting, 1_001)).toBe('BREACHED');
    expect(answeredStatus(waiting)).toBeNull();
    expect(handoffSlaStatus({ ...waiting, sentBackAt: 10 }, 0)).toBe('SENT_BACK');
  });
});

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`every path counts breaches alike, on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const filter = { from: '2026-03-09', to: '2026-03-09' };
    const range = rangeOf(filter, 'America/New_York');

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      // Written as the day goes (before the deadlines): live handoffs, not history (domain/sla-breach.ts).
      const written = { now: at('11:30:00') };
      expect((await gateway.ingest('acme', [rep, ...handedOff, ...inTime], written)).rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    /** Each person's handoff status at `now`, by the person's own SLA status. */
    const personStatuses = async (now: number) => {
      const rows = await gateway
        .store('acme')
        .db.selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .selectAll('h')
        .select('p.first_name')
        .execute();
      expect(rows).toHaveLength(names.length);
      return new Map(rows.map((row) => [row.first_name!, handoffStatus(row, now)]));
    };
    /** The raw metric and the rollups at `now`. */
    const metrics = async (now: number) => {
      const store = gateway.store('acme');
      await refreshRollups(store, { now });
      return {
        raw: await salesFollowUp(store, filter, range, now),
        rollups: await salesFollowUpFromRollups(store, dayRangeOf(filter), range, now),
      };
    };

    it('at 14:00:01, before the late answers: three open breaches, the lead sent back in time not one', async () => {
      const now = at('14:00:01');
      const statuses = await personStatuses(now);
      expect(Object.fromEntries(statuses)).toEqual({
        ivy: 'WITHIN_TARGET',
        sam: 'SENT_BACK',
        lou: 'BREACHED',
        tom: 'BREACHED',
        ola: 'BREACHED',
      });
      const { raw, rollups } = await metrics(now);
      expect(countsOf(raw)).toEqual(tally(statuses.values()));
      expect(countsOf(rollups)).toEqual(countsOf(raw));
      expect(raw.withinTargetRate).toBe(2 / 5);
      expect(rollups.withinTargetRate).toBe(raw.withinTargetRate);
      // The watcher's first look covers the deadline (one interval back): it announces the open breaches.
      const announced = await createSlaWatcher(gateway.database, createLivePubSub()).tick(now);
      const open = [...statuses].filter(([, s]) => s === 'BREACHED').map(([name]) => name);
      expect(await firstNames(announced.map((b) => b.personId))).toEqual(open.sort());
    });

    it('after the late answers: the late touch and the late send-back are closed breaches everywhere', async () => {
      expect((await gateway.ingest('acme', late)).rejected).toEqual([]);
      const now = Date.now();
      const statuses = await personStatuses(now);
      expect(Object.fromEntries(statuses)).toEqual({
        ivy: 'WITHIN_TARGET',
        sam: 'SENT_BACK',
        lou: 'LATE',
        tom: 'LATE',
        ola: 'BREACHED',
      });
      const { raw, rollups } = await metrics(now);
      expect(countsOf(raw)).toEqual(tally(statuses.values()));
      expect(countsOf(rollups)).toEqual(countsOf(raw));

      // Through GraphQL: the person's status, and the SLA from rollups and from raw rows.
      const query = `query ($filter: MetricsFilter) {
        sla(filter: $filter) { sales { handoffs followedUpWithinTarget sentBackInTime withinTargetRate openBreaches closedBreaches pending } }
        ${names.map((name) => `${name}: customer(email: "${name}@breach.example") { focus { sla { status } } }`).join('\n')}
      }`;
      const raws = createTandemYoga(gateway.database, {
        keys: testKeys,
        security: gateway.security,
        rollups: false,
      });
      type Answer = Record<string, { focus: { sla: { status: string } } }> & { sla: { sales: FollowUp } };
      const [fromRollups, fromRaw] = [
        (await askAsAdmin(gateway.yoga, query, { filter })) as Answer,
        (await askAsAdmin(raws, query, { filter })) as Answer,
      ];
      expect(fromRollups).toEqual(fromRaw);
      expect(fromRaw.sla.sales).toEqual({
        handoffs: 5,
        followedUpWithinTarget: 1,
        sentBackInTime: 1,
        withinTargetRate: 2 / 5,
        openBreaches: 1,
        closedBreaches: 2,
        pending: 0,
      });
      for (const name of names) expect(fromRaw[name]!.focus.sla.status, name).toBe(statuses.get(name));

      // A watcher looking over the whole day now finds only the breach still open.
      const watcher = createSlaWatcher(gateway.database, createLivePubSub());
      await watcher.tick(at('09:00:00'));
      expect(await firstNames((await watcher.tick(now)).map((b) => b.personId))).toEqual(['ola']);
    });

    async function firstNames(ids: string[]) {
      if (ids.length === 0) return [];
      const rows = await gateway
        .store('acme')
        .db.selectFrom('people')
        .select('first_name')
        .where('id', 'in', ids)
        .execute();
      return rows.map((row) => row.first_name).sort();
    }
  });
}
