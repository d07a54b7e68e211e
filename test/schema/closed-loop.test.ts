/**
 * The closed loop on SQLite and PostgreSQL: marketing qualifies and hands off, sales accepts and
 * sends back, deals close, and a new scoring model rescores everyone, each through GraphQL and
 * each visible in the customer timeline. Every refusal is checked for its code and bad value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessHours, defaultBusinessCalendar } from '../../gateway/domain/business-hours.js';
import { engagementScore, type ScoringRules, type TouchType } from '../../gateway/domain/scoring.js';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import type { Viewer } from '../../schema/builder.js';
import { editorRoles, requireRole } from '../../schema/closed-loop.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { at, customerRecords, rep } from './customer-fixture.js';

const person = (sourceId: string, email: string, firstName: string): SourceRecordInput => ({
  kind: 'person',
  system: 'marketo',
  objectType: 'ma_lead',
  sourceId,
  email,
  firstName,
  lastName: 'Test',
  createdAt: at(0),
  updatedAt: at(0),
});
const stage = (sourceId: string, email: string, to: string, hours: number): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'marketo',
  sourceId,
  person: { email },
  to,
  byTeam: to === 'lead' || to === 'mql' ? 'marketing' : 'sales',
  occurredAt: at(hours),
});
const touch = (sourceId: string, email: string, type: TouchType, hours: number): SourceRecordInput => ({
  kind: 'touch',
  system: 'marketo',
  sourceId,
  person: { email },
  channel: 'email',
  type,
  occurredAt: at(hours),
});
const deal = (sourceId: string, email: string, closed: 'open' | 'lost'): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'salesforce',
  sourceId,
  name: `Deal ${sourceId}`,
  primaryPerson: { email },
  ownerEmail: rep.email,
  amount: 20_000,
  grossProfit: 8_000,
  stage: closed === 'open' ? 'Proposal' : 'Closed Lost',
  probability: 0.5,
  createdAt: at(24),
  closedAt: closed === 'open' ? null : at(26),
  isClosed: closed !== 'open',
  isWon: false,
  lossReason: closed === 'open' ? null : 'price',
});

function loopRecords(): SourceRecordInput[] {
  return [
    ...customerRecords(),
    person('M5', 'lena@acme.com', 'Lena'),
    stage('S5', 'lena@acme.com', 'lead', 20),
    person('M6', 'max@acme.com', 'Max'),
    stage('S6a', 'max@acme.com', 'mql', 21),
    stage('S6b', 'max@acme.com', 'sal', 22),
    stage('S6c', 'max@acme.com', 'sql', 23),
    deal('O2', 'max@acme.com', 'open'),
    deal('O3', 'john.roe@acme.com', 'open'),
    deal('O4', 'john.roe@acme.com', 'lost'),
    person('M7', 'olga@acme.com', 'Olga'),
    touch('T7a', 'olga@acme.com', 'email_open', 30),
    touch('T7b', 'olga@acme.com', 'email_open', 31),
    touch('T7c', 'olga@acme.com', 'email_open', 32),
    touch('T7d', 'olga@acme.com', 'form_submit', 33),
    touch('T7e', 'olga@acme.com', 'careers_page_view', 34),
    touch('T7f', 'olga@acme.com', 'pricing_page_view', 35),
  ];
}

const personFields =
  'id stage { key } qualification { icpFit hasBudget hasTimeframe willingToEngage isProspect } sla { status handedOffAt deadlineAt acceptedAt sentBackAt sentBackReason policyVersion }';

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`closed loop on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const ids: Record<string, string> = {};

    const mutate = async (field: string, args: string, selection = personFields) => {
      const result = await gateway.graphql<Record<string, Record<string, unknown>>>(
        `mutation { ${field}(${args}) { ${selection} } }`,
      );
      return { data: result.data?.[field], error: result.errors?.[0] };
    };
    const firstEntry = async (id: string) => {
      const result = await gateway.graphql<{
        customer: { timeline: { edges: { node: Record<string, unknown> }[] } };
      }>(
        'query ($id: ID) { customer(id: $id) { timeline(first: 1) { edges { node { kind title detail actorName personName } } } } }',
        { id },
      );
      return result.data!.customer.timeline.edges[0]!.node;
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', loopRecords());
      expect(report.rejected).toEqual([]);
      const db = gateway.store('acme').db;
      for (const email of ['lena@acme.com', 'max@acme.com', 'olga@acme.com', 'john.roe@acme.com']) {
        ids[email] = (
          await db
            .selectFrom('person_emails')
            .select('person_id')
            .where('email', '=', email)
            .executeTakeFirstOrThrow()
        ).person_id;
      }
      for (const sourceId of ['O2', 'O3', 'O4']) {
        ids[sourceId] = (
          await db
            .selectFrom('opportunities')
            .select('id')
            .where('source_id', '=', sourceId)
            .executeTakeFirstOrThrow()
        ).id;
      }
    });
    afterAll(() => gateway?.drop());

    it('refuses to hand off a lead whose prospect flags are not all set, naming the missing ones', async () => {
      const { error } = await mutate('handOffLead', `personId: "${ids['lena@acme.com']}"`);
      expect(error?.extensions?.code).toBe('NOT_QUALIFIED');
      expect(error?.message).toContain('icpFit, hasBudget, hasTimeframe, willingToEngage not set');
      const partly = await mutate(
        'qualifyLead',
        `personId: "${ids['lena@acme.com']}", icpFit: true, hasBudget: true, hasTimeframe: false, willingToEngage: true`,
      );
      expect(partly.data?.qualification).toMatchObject({ hasTimeframe: false, isProspect: false });
      const again = await mutate('handOffLead', `personId: "${ids['lena@acme.com']}"`);
      expect(again.error?.message).toContain(': hasTimeframe not set');
    });

    it('qualifies a lead: marketing sets the four flags', async () => {
      const { data } = await mutate(
        'qualifyLead',
        `personId: "${ids['lena@acme.com']}", icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true`,
      );
      expect(data?.qualification).toEqual({
        icpFit: true,
        hasBudget: true,
        hasTimeframe: true,
        willingToEngage: true,
        isProspect: true,
      });
    });

    it('hands off to sales: MQL, a handoff with its deadline in business hours, shown in the timeline', async () => {
      const { data, error } = await mutate(
        'handOffLead',
        `personId: "${ids['lena@acme.com']}", note: "Asked for a demo"`,
      );
      expect(error).toBeUndefined();
      const sla = data!.sla as Record<string, string>;
      expect(data!.stage).toEqual({ key: 'mql' });
      expect(sla.status).toBe('OPEN');
      expect(sla.policyVersion).toBe(1);
      const deadline = addBusinessHours(new Date(sla.handedOffAt), 4, {
        ...defaultBusinessCalendar,
        timeZone: 'America/New_York',
      });
      expect(sla.deadlineAt).toBe(deadline.toISOString());
      expect(await firstEntry(ids['lena@acme.com']!)).toMatchObject({
        kind: 'STAGE_CHANGE',
        title: 'Stage Lead (inquiry) → MQL',
        detail: 'Asked for a demo',
        actorName: 'analyst',
        personName: 'Lena Test',
      });
      const again = await mutate('handOffLead', `personId: "${ids['lena@acme.com']}"`);
      expect(again.error).toMatchObject({ extensions: { code: 'BAD_TRANSITION' } });
      expect(again.error?.message).toContain("is at 'mql'");
    });

    it('accepts a handed-off lead, and refuses one that is not at the handoff stage, naming its stage', async () => {
      const wrong = await mutate('acceptLead', `personId: "${ids['max@acme.com']}"`);
      expect(wrong.error?.extensions?.code).toBe('BAD_TRANSITION');
      // Max's open deal made him an opportunity (ingest/apply-deal-outcome.ts).
      expect(wrong.error?.message).toContain("is at 'opportunity'");
      const { data } = await mutate('acceptLead', `personId: "${ids['lena@acme.com']}"`);
      expect(data!.stage).toEqual({ key: 'sal' });
      expect((data!.sla as Record<string, unknown>).acceptedAt).not.toBeNull();
      expect((await firstEntry(ids['lena@acme.com']!)).title).toBe('Stage MQL → SAL');
    });

    it('sends a lead back to marketing: a recycle with its reason, shown in the timeline', async () => {
      const { data } = await mutate(
        'sendBackLead',
        `personId: "${ids['lena@acme.com']}", reason: BAD_TIMING, note: "Budget frozen until Q3"`,
      );
      expect(data!.stage).toEqual({ key: 'lead' });
      expect(data!.sla).toMatchObject({ status: 'SENT_BACK', sentBackReason: 'bad_timing' });
      expect(await firstEntry(ids['lena@acme.com']!)).toMatchObject({
        title: 'Sent back to marketing: bad_timing',
        detail: 'Budget frozen until Q3',
        actorName: 'analyst',
      });
      const [transition] = await gateway
        .store('acme')
        .db.selectFrom('stage_transitions')
        .selectAll()
        .where('person_id', '=', ids['lena@acme.com']!)
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .execute();
      expect(transition).toMatchObject({
        from_stage: 'sal',
        to_stage: 'lead',
        is_recycle: 1,
        by_team: 'sales',
        source_system: 'tandem',
      });
      const again = await mutate('sendBackLead', `personId: "${ids['lena@acme.com']}", reason: NO_BUDGET`);
      expect(again.error?.extensions?.code).toBe('BAD_TRANSITION');
      expect(again.error?.message).toContain("is at 'lead'");
    });

    it('names an unknown person', async () => {
      const { error } = await mutate('acceptLead', 'personId: "per_nobody"');
      expect(error).toMatchObject({
        message: "unknown person 'per_nobody'",
        extensions: { code: 'NOT_FOUND' },
      });
    });

    const dealFields =
      'isClosed isWon amount grossProfit lossReason closedAt stage probability primaryPerson { stage { key } }';

    it('records a won deal: closed, final amount, and the primary person becomes a customer', async () => {
      const { data, error } = await mutate(
        'recordDealOutcome',
        `opportunityId: "${ids.O2}", won: true, amount: 25000`,
        dealFields,
      );
      expect(error).toBeUndefined();
      expect(data).toMatchObject({
        isClosed: true,
        isWon: true,
        amount: 25_000,
        grossProfit: 10_000,
        lossReason: null,
        stage: 'Closed Won',
        probability: 1,
        primaryPerson: { stage: { key: 'customer' } },
      });
      expect(data!.closedAt).not.toBeNull();
      const recent = await gateway.graphql<{
        customer: { timeline: { edges: { node: { title: string } }[] } };
      }>('query ($id: ID) { customer(id: $id) { timeline(first: 2) { edges { node { title } } } } }', {
        id: ids['max@acme.com'],
      });
      // Both at the same instant: ties go by id, so either may come first.
      expect(recent.data!.customer.timeline.edges.map((e) => e.node.title).sort()).toEqual([
        'Deal won: Deal O2',
        'Stage Opportunity → Customer',
      ]);
    });

    it('records a lost deal with its reason, and refuses a lost deal without one, a negative amount, a closed deal and an unknown one', async () => {
      const missing = await mutate('recordDealOutcome', `opportunityId: "${ids.O3}", won: false`, dealFields);
      expect(missing.error?.extensions?.code).toBe('MISSING_LOSS_REASON');
      expect(missing.error?.message).toContain(ids.O3);
      const negative = await mutate(
        'recordDealOutcome',
        `opportunityId: "${ids.O3}", won: false, lossReason: "price", amount: -5`,
        dealFields,
      );
      expect(negative.error).toMatchObject({
        message: 'amount must be 0 or more, got -5',
        extensions: { code: 'BAD_AMOUNT' },
      });
      const { data } = await mutate(
        'recordDealOutcome',
        `opportunityId: "${ids.O3}", won: false, lossReason: "went with a competitor"`,
        dealFields,
      );
      expect(data).toMatchObject({
        isClosed: true,
        isWon: false,
        lossReason: 'went with a competitor',
        amount: 20_000,
        stage: 'Closed Lost',
      });
      const closed = await mutate('recordDealOutcome', `opportunityId: "${ids.O4}", won: true`, dealFields);
      expect(closed.error?.extensions?.code).toBe('BAD_TRANSITION');
      expect(closed.error?.message).toContain('is already closed lost');
      const unknown = await mutate('recordDealOutcome', 'opportunityId: "opp_nope", won: true', dealFields);
      expect(unknown.error).toMatchObject({
        message: "unknown opportunity 'opp_nope'",
        extensions: { code: 'NOT_FOUND' },
      });
    });

    it('rescores everyone when the scoring model changes, to what engagementScore computes for the same touches', async () => {
      const result = await gateway.graphql<{ updateScoringModel: number }>(
        `mutation { updateScoringModel(input: {
          rules: [{ touchType: "form_submit", points: 40 }, { touchType: "email_open", points: 2 }, { touchType: "careers_page_view", points: -10 },
                  { touchType: "pricing_page_view", points: 8 }, { touchType: "email_click", points: 3 }, { touchType: "page_view", points: 1 }],
          halfLifeDays: 10, bandThresholds: [5, 20, 50]
        }) }`,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.updateScoringModel).toBe(2);
      const rules: ScoringRules = {
        points: {
          form_submit: 40,
          email_open: 2,
          careers_page_view: -10,
          pricing_page_view: 8,
          email_click: 3,
          page_view: 1,
        },
        firstEmailOpenOnly: true,
        halfLifeDays: 10,
      };
      const db = gateway.store('acme').db;
      const people = await db.selectFrom('people').select(['id', 'engagement_score', 'scored_at']).execute();
      const touches = await db.selectFrom('touches').select(['person_id', 'type', 'occurred_at']).execute();
      expect(new Set(people.map((p) => Number(p.scored_at))).size).toBe(1);
      for (const p of people) {
        const own = touches
          .filter((t) => t.person_id === p.id)
          .map((t) => ({ type: t.type as TouchType, occurredAt: new Date(Number(t.occurred_at)) }));
        const expected = engagementScore(own, rules, new Date(Number(p.scored_at)));
        expect(Math.max(0, p.engagement_score), p.id).toBeCloseTo(expected, 2);
      }
      // Olga: one open counted of three, a form submit, a careers visit and a pricing visit.
      expect(people.find((p) => p.id === ids['olga@acme.com'])!.engagement_score).toBeGreaterThan(0);
    });

    it('rescores with a half-life so short that old touches are worth nothing, without an underflow', async () => {
      const result = await gateway.graphql<{ updateScoringModel: number }>(
        'mutation { updateScoringModel(input: { halfLifeDays: 0.01 }) }',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.updateScoringModel).toBe(3);
      const scores = await gateway.store('acme').db.selectFrom('people').select('engagement_score').execute();
      expect(scores.every((p) => Math.abs(p.engagement_score) < 1e-9)).toBe(true);
    });

    it.each([
      ['BAD_THRESHOLDS', 'bandThresholds: [30, 10, 60]', 'got [30, 10, 60]'],
      ['BAD_TOUCH_TYPE', 'rules: [{ touchType: "tweet", points: 1 }]', "unknown touch type 'tweet'"],
      ['BAD_HALF_LIFE', 'halfLifeDays: 0', 'got 0'],
      ['BAD_MQL_THRESHOLD', 'mqlMaxBand: 7', 'B and 7'],
    ])('refuses a bad scoring model with %s', async (code, input, text) => {
      const result = await gateway.graphql(`mutation { updateScoringModel(input: { ${input} }) }`);
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.errors?.[0]?.message).toContain(text);
    });

    it('checks roles in one place: requireRole refuses a viewer outside the list with FORBIDDEN', () => {
      const ctx = (role: Viewer['role']) => ({ viewer: { role, name: 'Vic', team: null } }) as never;
      expect(() => requireRole(ctx('viewer'), 'admin')).toThrow(/needs the role admin; Vic is viewer/);
      expect(() => requireRole(ctx('admin'), ...editorRoles)).not.toThrow();
      expect(editorRoles).toContain('admin');
    });
  });
}
