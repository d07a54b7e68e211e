/**
 * The MQL threshold makes MQLs (docs/domain.md "MQL threshold"), on SQLite and PostgreSQL. Four
 * leads of grade B (VP of Marketing in North America: 3 of 5 criteria) against the default
 * threshold, fit ≥ B and band ≤ 2 (30 points or more):
 *   ann  a form submit (+50)                     → B2: an MQL by the threshold, with a handoff
 *   bob  a webinar registration (+5)             → B4: stays a lead
 *   cy   an event and a webinar (+10, +5, +5)    → B3: a lead, until the threshold drops to band 3
 *   dee  a form submit, then sales accepts and sends her back; another page view while still in
 *        the cell is no new crossing               → stays a lead
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TouchType } from '../../gateway/domain/scoring.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { updateScoringModel } from '../../gateway/loop/scoring-model.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const hour = 3_600_000;
const start = Date.now() - 48 * hour;
const at = (hours: number) => start + hours * hour;
const ctx = { actor: { name: 'Mia Marketer', team: 'marketing' as const }, now: Date.now() };

const person = (name: string): SourceRecordInput => ({
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId: `M-${name}`,
  email: `${name}@threshold.example`,
  firstName: name,
  title: 'VP Marketing',
  department: 'Marketing',
  region: 'North America',
  createdAt: at(0),
  updatedAt: at(0),
});
const stage = (name: string, to: string, hours: number, byTeam: 'marketing' | 'sales' = 'marketing') =>
  ({
    kind: 'stageChange',
    system: 'marketo',
    sourceId: `S-${name}-${to}-${hours}`,
    person: { email: `${name}@threshold.example` },
    to,
    byTeam,
    reason: to === 'lead' && byTeam === 'sales' ? 'bad_timing' : undefined,
    occurredAt: at(hours),
  }) satisfies SourceRecordInput;
const touch = (name: string, type: TouchType, hours: number): SourceRecordInput => ({
  kind: 'touch',
  system: 'marketo',
  sourceId: `T-${name}-${type}-${hours}`,
  person: { email: `${name}@threshold.example` },
  channel: 'email',
  type,
  occurredAt: at(hours),
});
const names = ['ann', 'bob', 'cy', 'dee'];

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the MQL threshold makes MQLs, on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const records = [
        ...names.flatMap((name) => [person(name), stage(name, 'lead', 1)]),
        touch('ann', 'form_submit', 2),
        touch('bob', 'webinar_registration', 2),
        touch('cy', 'event_attendance', 2),
        touch('cy', 'webinar_registration', 3),
        touch('cy', 'webinar_attendance', 4),
        touch('dee', 'form_submit', 2),
      ];
      expect((await gateway.ingest('acme', records)).rejected).toEqual([]);
    });
    afterAll(() => gateway?.drop());

    const stages = async () => {
      const rows = await gateway
        .store('acme')
        .db.selectFrom('people')
        .select(['first_name', 'stage', 'fit_grade'])
        .execute();
      return Object.fromEntries(rows.map((row) => [row.first_name, `${row.fit_grade} ${row.stage}`]));
    };
    const thresholdMoves = async (name: string) =>
      gateway
        .store('acme')
        .db.selectFrom('stage_transitions as st')
        .innerJoin('people as p', 'p.id', 'st.person_id')
        .select(['st.from_stage', 'st.to_stage', 'st.occurred_at', 'st.by_team', 'st.source_id'])
        .where('p.first_name', '=', name)
        .where('st.reason', '=', 'score threshold')
        .execute();
    const handoffs = async (name: string) =>
      gateway
        .store('acme')
        .db.selectFrom('handoffs as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .select(['h.handed_off_at', 'h.sent_back_at'])
        .where('p.first_name', '=', name)
        .execute();
    const version = async () =>
      Number(
        (
          await gateway
            .store('acme')
            .db.selectFrom('scoring_models')
            .select((eb) => eb.fn.max('version').as('v'))
            .executeTakeFirstOrThrow()
        ).v,
      );

    it('a touch that lifts a lead into the MQL cell makes an MQL, with the reason, the model version and a handoff', async () => {
      const v = await version();
      expect(await stages()).toMatchObject({ ann: 'B mql', bob: 'B lead', cy: 'B lead' });
      const [move, ...more] = await thresholdMoves('ann');
      expect(more).toEqual([]);
      expect(move).toMatchObject({ from_stage: 'lead', to_stage: 'mql', by_team: 'system' });
      expect(Number(move!.occurred_at)).toBe(at(2));
      expect(move!.source_id).toMatch(new RegExp(`:scoring model v${v}$`));
      expect((await handoffs('ann')).map((h) => Number(h.handed_off_at))).toEqual([at(2)]);
      // The timeline names the model as who made the move.
      const answer = await gateway.graphql<{
        customer: { focus: { stage: { key: string }; sla: { handedOffAt: string } } };
      }>('{ customer(email: "ann@threshold.example") { focus { stage { key } sla { handedOffAt } } } }');
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customer.focus.stage.key).toBe('mql');
      expect(Date.parse(answer.data!.customer.focus.sla.handedOffAt)).toBe(at(2));
    });

    it("the source system's own MQL, synced after the threshold's, opens no second handoff and shows as a confirmation", async () => {
      // Marketo scores too, and syncs its MQL a few minutes after Tandem's threshold made ann one.
      expect((await gateway.ingest('acme', [stage('ann', 'mql', 2.1)])).rejected).toEqual([]);
      expect(await handoffs('ann')).toHaveLength(1);
      const answer = await gateway.graphql<{
        customer: { timeline: { edges: { node: { title: string } }[] } };
      }>('{ customer(email: "ann@threshold.example") { timeline(first: 20) { edges { node { title } } } } }');
      expect(answer.errors).toBeUndefined();
      const titles = answer.data!.customer.timeline.edges.map((edge) => edge.node.title);
      // The account's timeline (all four leads share threshold.example): one confirmation, no "MQL → MQL".
      expect(titles.filter((title) => title === 'Stage MQL confirmed')).toHaveLength(1);
      expect(titles.filter((title) => title === 'Stage MQL → MQL')).toEqual([]);
    });

    it('a touch that does not reach the cell makes no MQL and no handoff', async () => {
      expect(await thresholdMoves('bob')).toEqual([]);
      expect(await handoffs('bob')).toEqual([]);
      expect(await thresholdMoves('cy')).toEqual([]);
    });

    it('a lead sent back while in the cell is not handed over again by a touch that crosses nothing', async () => {
      const sentBack = [
        stage('dee', 'sal', 5, 'sales'),
        stage('dee', 'lead', 6, 'sales'),
        touch('dee', 'page_view', 7),
      ];
      expect((await gateway.ingest('acme', sentBack)).rejected).toEqual([]);
      expect((await stages()).dee).toBe('B lead');
      expect(await thresholdMoves('dee')).toHaveLength(1);
      expect(await handoffs('dee')).toHaveLength(1);
    });

    it('a model that lowers the threshold to band 3 promotes the leads now inside it, under its version', async () => {
      const v = await updateScoringModel(gateway.store('acme'), { mqlMaxBand: 3 }, ctx);
      expect(await stages()).toMatchObject({ ann: 'B mql', bob: 'B lead', cy: 'B mql' });
      const [move, ...more] = await thresholdMoves('cy');
      expect(more).toEqual([]);
      expect(move!.source_id).toMatch(new RegExp(`:scoring model v${v}$`));
      expect(Number(move!.occurred_at)).toBe(ctx.now);
      expect((await handoffs('cy')).map((h) => Number(h.handed_off_at))).toEqual([ctx.now]);
      // dee is still inside the cell she was sent back from: the new model crosses nothing for her.
      expect((await stages()).dee).toBe('B lead');
    });

    it('decay alone does not demote: scores decayed to nothing leave the MQLs at mql', async () => {
      await updateScoringModel(gateway.store('acme'), { halfLifeDays: 0.001 }, { ...ctx, now: Date.now() });
      const scores = await gateway.store('acme').db.selectFrom('people').select('engagement_score').execute();
      expect(scores.every((row) => row.engagement_score < 1)).toBe(true);
      expect(await stages()).toMatchObject({ ann: 'B mql', bob: 'B lead', cy: 'B mql', dee: 'B lead' });
    });
  });
}
