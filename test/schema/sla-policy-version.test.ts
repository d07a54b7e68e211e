/**
 * A handoff is judged by the SLA policy it was made under (docs/domain.md "Its clocks"), on SQLite
 * and PostgreSQL. Acme works around the clock (24/7, 4-hour target) when Sam is handed off on
 * Sunday 15 March 2026 at 12:00 in New York: deadline Sunday 16:00. Then the policy becomes
 * Monday–Friday 9–17, and Sam is called on Monday at 08:11. Under the handoff's own 24/7 policy
 * that is 20 h 11 min: LATE. Under the new calendar it would be 0 business hours, yet still LATE
 * by the stored deadline: the two numbers of one handoff would contradict each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { updateSlaPolicy } from '../../gateway/loop/sla-policy.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const at = (iso: string) => Date.parse(`${iso}-04:00`); // New York, daylight saving time
const ctx = (now: number) => ({ actor: { name: 'Ada Admin', team: null }, now });
const rep = {
  kind: 'user',
  email: 'rita@acme.example',
  name: 'Rita Rep',
  team: 'Sales',
  teamFunction: 'sales',
} as const;
const sam: SourceRecordInput = {
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId: 'M-sam',
  email: 'sam@policy.example',
  firstName: 'Sam',
  ownerEmail: rep.email,
  createdAt: at('2026-03-15T10:00:00'),
  updatedAt: at('2026-03-15T10:00:00'),
};
const toMql: SourceRecordInput = {
  kind: 'stageChange',
  system: 'marketo',
  sourceId: 'S-sam-mql',
  person: { email: 'sam@policy.example' },
  to: 'mql',
  byTeam: 'marketing',
  occurredAt: at('2026-03-15T12:00:00'),
};
const call: SourceRecordInput = {
  kind: 'activity',
  system: 'salesforce',
  sourceId: 'A-sam',
  person: { email: 'sam@policy.example' },
  userEmail: rep.email,
  type: 'call',
  occurredAt: at('2026-03-16T08:11:00'),
};

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`a handoff keeps its SLA policy, on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
    });
    afterAll(() => gateway?.drop());

    it('24/7 handoff, then a Mon–Fri policy, then a call on Monday 08:11: LATE after 20.18 hours', async () => {
      const store = gateway.store('acme');
      const roundTheClock = {
        businessDays: [1, 2, 3, 4, 5, 6, 7],
        startHour: 0,
        endHour: 24,
        targetHours: 4,
      };
      const handoffPolicy = await updateSlaPolicy(store, roundTheClock, ctx(at('2026-03-15T09:00:00')));
      expect((await gateway.ingest('acme', [rep, sam, toMql])).rejected).toEqual([]);
      const weekdays = { businessDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };
      expect(await updateSlaPolicy(store, weekdays, ctx(at('2026-03-15T13:00:00')))).toBe(handoffPolicy + 1);
      expect((await gateway.ingest('acme', [call])).rejected).toEqual([]);

      const handoff = await store.db.selectFrom('handoffs').selectAll().executeTakeFirstOrThrow();
      expect(handoff.policy_version).toBe(handoffPolicy);
      expect(handoff.deadline_at).toBe(at('2026-03-15T16:00:00'));
      const answer = await gateway.graphql<{
        customer: { focus: { sla: { status: string; responseHours: number | null } } };
      }>('{ customer(email: "sam@policy.example") { focus { sla { status responseHours } } } }');
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customer.focus.sla.status).toBe('LATE');
      expect(answer.data!.customer.focus.sla.responseHours).toBeCloseTo(20 + 11 / 60, 2);
    });
  });
}
