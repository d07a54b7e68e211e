/**
 * The lead scoring matrix, its drill-down and the scoring model, on SQLite and PostgreSQL, over
 * ten hand-made people whose grades and decayed scores are computed by hand below.
 *
 * ctx.now is the request's Date.now(), so touches are dated relative to the fixture's "now":
 * the seconds between ingest and request move no score across a threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const dayMs = 86_400_000;
const now = Date.now();
const daysAgo = (days: number) => now - days * dayMs;

// Default fit criteria, five of weight 1: grade steps = round(3 × net ÷ 5). A's account matches
// industry and size too (net 5 → 3 steps); B matches title, department and region (3 → 1.8 → 2);
// C the title alone (1 → 0.6 → 1); D says nothing (0).
const profiles = {
  A: {
    title: 'VP Marketing',
    department: 'Marketing',
    region: 'Europe',
    account: { system: 'crm', sourceId: 'northwind' },
  },
  B: { title: 'VP Marketing', department: 'Marketing', region: 'Europe' },
  C: { title: 'Director' },
  D: {},
};

/**
 * Default model: form submit 50, page view 1, half-life 30 days, bands [10, 30, 60].
 * p1 A 2 forms 1 d ago 100·0.5^(1/30) = 97.72 → A1   p6  B 2 forms 1 d ago 97.72 → B1
 * p2 A 2 forms 2 d ago 95.48 → A1                    p7  B 1 form 5 d ago 44.54 → B2
 * p3 A forms 1 d and 10 d ago 48.86 + 39.69 → A1     p8  C page view 1 d ago 0.98 → C4
 * p4 A 1 form 1 d ago 48.86 → A2                     p9  D nothing, 0 → D4
 * p5 A 2 forms 60 d ago: stored 100, now 25 → A3     p10 D 2 forms 3 d ago 93.30 → D1 (created later)
 */
const plan: {
  id: string;
  grade: keyof typeof profiles;
  forms: number[];
  pageViews?: number[];
  created?: string;
}[] = [
  { id: 'p1', grade: 'A', forms: [1, 1] },
  { id: 'p2', grade: 'A', forms: [2, 2] },
  { id: 'p3', grade: 'A', forms: [1, 10] },
  { id: 'p4', grade: 'A', forms: [1] },
  { id: 'p5', grade: 'A', forms: [60, 60] },
  { id: 'p6', grade: 'B', forms: [1, 1] },
  { id: 'p7', grade: 'B', forms: [5] },
  { id: 'p8', grade: 'C', forms: [], pageViews: [1] },
  { id: 'p9', grade: 'D', forms: [] },
  { id: 'p10', grade: 'D', forms: [3, 3], created: '2025-06-01T12:00:00Z' },
];

// Stage journeys: p1 won a deal, p2 reached SQL and was recycled, p6 became a customer without a deal.
const journeys: Record<string, string[]> = {
  p1: ['lead', 'mql', 'sal', 'sql', 'opportunity'],
  p2: ['lead', 'mql', 'sal', 'sql', 'lead'],
  p4: ['lead', 'mql'],
  p6: ['lead', 'customer'],
  p7: ['lead', 'sql'],
};

function records(): SourceRecordInput[] {
  const out: SourceRecordInput[] = [
    {
      kind: 'account',
      system: 'crm',
      sourceId: 'northwind',
      name: 'Northwind',
      industry: 'Software',
      employees: 800,
      updatedAt: '2025-01-01T00:00:00Z',
    },
  ];
  for (const person of plan) {
    const created = person.created ?? '2025-01-10T12:00:00Z';
    const email = `${person.id}@northwind.example`;
    out.push({
      kind: 'person',
      system: 'crm',
      objectType: 'lead',
      sourceId: person.id,
      email,
      ...profiles[person.grade],
      createdAt: created,
      updatedAt: created,
    });
    const touches = [
      ...person.forms.map((d) => ['form_submit', d] as const),
      ...(person.pageViews ?? []).map((d) => ['page_view', d] as const),
    ];
    touches.forEach(([type, days], i) => {
      out.push({
        kind: 'touch',
        system: 'ma',
        sourceId: `${person.id}-t${i}`,
        person: { email },
        channel: 'content',
        type,
        occurredAt: daysAgo(days),
      });
    });
    (journeys[person.id] ?? []).forEach((to, i) => {
      out.push({
        kind: 'stageChange',
        system: 'crm',
        sourceId: `${person.id}-s${i}`,
        person: { email },
        to,
        byTeam: i === 4 ? 'sales' : 'marketing',
        occurredAt: daysAgo(40 - i),
      });
    });
  }
  const deal = (id: string, person: string, isWon: boolean): SourceRecordInput => ({
    kind: 'opportunity',
    system: 'crm',
    sourceId: id,
    name: id,
    primaryPerson: { email: `${person}@northwind.example` },
    amount: 1000,
    stage: isWon ? 'Closed Won' : 'Closed Lost',
    probability: isWon ? 1 : 0,
    createdAt: daysAgo(30),
    closedAt: daysAgo(20),
    isClosed: true,
    isWon,
  });
  out.push(deal('won-p1', 'p1', true), deal('lost-p4', 'p4', false));
  return out;
}

const matrixQuery = `query($filter: MetricsFilter) { leadScoreMatrix(filter: $filter) {
  total bandThresholds mqlThreshold { minGrade maxBand }
  cells { fitGrade engagementBand count conversionBase reachedSql won sqlRate winRate isMarketingQualified } } }`;
const leadsQuery = `query($filter: LeadFilter, $first: Int, $after: String) { leads(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id email fitGrade engagementBand engagementScore } } } }`;

type Cell = {
  fitGrade: string;
  engagementBand: number;
  count: number;
  conversionBase: number;
  reachedSql: number;
  won: number;
  sqlRate: number | null;
  winRate: number | null;
  isMarketingQualified: boolean;
};
type Matrix = {
  leadScoreMatrix: { total: number; bandThresholds: number[]; mqlThreshold: unknown; cells: Cell[] };
};
type Leads = {
  leads: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: { node: { email: string; fitGrade: string; engagementBand: number; engagementScore: number } }[];
  };
};

const emailsOf = (data: Leads | undefined) => data?.leads.edges.map((edge) => edge.node.email.split('@')[0]);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`lead scoring on ${dialect.name}`, () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', records());
      expect(report.rejected).toEqual([]);
      await gateway.graphql('{ tenant { id } }'); // the gateway reads the tenant list once, on its first request
    });
    afterAll(() => gateway?.drop());

    it('fills the 16 cells with counts, SQL and won conversions, decayed to now', async () => {
      const result = await gateway.graphql<Matrix>(matrixQuery);
      expect(result.errors).toBeUndefined();
      const matrix = result.data!.leadScoreMatrix;
      expect(matrix.total).toBe(10);
      expect(matrix.bandThresholds).toEqual([10, 30, 60]);
      expect(matrix.mqlThreshold).toEqual({ minGrade: 'B', maxBand: 2 });
      expect(matrix.cells.map((c) => `${c.fitGrade}${c.engagementBand}`)).toEqual(
        ['A', 'B', 'C', 'D'].flatMap((g) => [1, 2, 3, 4].map((b) => `${g}${b}`)),
      );
      // [count now, conversionBase, reachedSql, won]. Conversions count where people were handed
      // off (docs/domain.md "The scoring matrix"): p1, p2 and p4 were handed off 39 days ago, before
      // any touch, so from A4 though A1 and A2 hold them today; p5 through p10 never were.
      const nonEmpty = Object.fromEntries(
        matrix.cells
          .filter((c) => c.count > 0 || c.conversionBase > 0)
          .map((c) => [`${c.fitGrade}${c.engagementBand}`, [c.count, c.conversionBase, c.reachedSql, c.won]]),
      );
      // p5's stored 100 points decayed two half-lives to 25: A3, not A1.
      expect(nonEmpty).toEqual({
        A1: [3, 1, 0, 0],
        A2: [1, 0, 0, 0],
        A3: [1, 1, 0, 0],
        A4: [0, 3, 2, 1],
        B1: [1, 1, 1, 1],
        B2: [1, 1, 1, 0],
        C4: [1, 1, 0, 0],
        D1: [1, 1, 0, 0],
        D4: [1, 1, 0, 0],
      });
      const a4 = matrix.cells[3]!;
      expect(a4.sqlRate).toBeCloseTo(2 / 3, 12);
      expect(a4.winRate).toBeCloseTo(1 / 3, 12);
      expect([matrix.cells[0]!.sqlRate, matrix.cells[1]!.sqlRate]).toEqual([0, null]);
      const empty = matrix.cells.find((c) => c.fitGrade === 'C' && c.engagementBand === 1)!;
      expect([empty.count, empty.sqlRate, empty.winRate]).toEqual([0, null, null]);
      expect(
        matrix.cells.filter((c) => c.isMarketingQualified).map((c) => `${c.fitGrade}${c.engagementBand}`),
      ).toEqual(['A1', 'A2', 'B1', 'B2']);
      // definitions (their current versions; loaded once per gateway) + rollups' freshness + one
      // grouped query
      expect((await gateway.graphql<Matrix>(matrixQuery)).statements).toBe(3);
    });

    it('counts only people created in the range', async () => {
      const result = await gateway.graphql<Matrix>(matrixQuery, { filter: { to: '2025-03-31' } });
      const cells = result.data!.leadScoreMatrix.cells;
      expect(result.data!.leadScoreMatrix.total).toBe(9);
      expect(cells.find((c) => c.fitGrade === 'D' && c.engagementBand === 1)!.count).toBe(0);
    });

    it('drills into a cell, hottest first, two at a time', async () => {
      const filter = { fitGrade: 'A', engagementBand: 1 };
      const page1 = await gateway.graphql<Leads>(leadsQuery, { filter, first: 2 });
      expect(page1.errors).toBeUndefined();
      expect(emailsOf(page1.data)).toEqual(['p1', 'p2']);
      expect(page1.data!.leads.totalCount).toBe(3);
      expect(page1.data!.leads.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      // definitions' versions (1) + the page + totalCount: Person fields come from the page's rows
      expect(page1.statements).toBe(3);
      const scores = page1.data!.leads.edges.map((e) => e.node.engagementScore);
      expect(scores[0]).toBeCloseTo(97.72, 1);
      expect(scores[1]).toBeCloseTo(95.48, 1);
      expect(
        page1.data!.leads.edges.every((e) => e.node.fitGrade === 'A' && e.node.engagementBand === 1),
      ).toBe(true);

      const page2 = await gateway.graphql<Leads>(leadsQuery, {
        filter,
        first: 2,
        after: page1.data!.leads.pageInfo.endCursor,
      });
      expect(emailsOf(page2.data)).toEqual(['p3']);
      expect(page2.data!.leads.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(page2.data!.leads.totalCount).toBe(3);
    });

    it('lists every matching person without a cell, default page size 50', async () => {
      const result = await gateway.graphql<Leads>(leadsQuery, { filter: { fitGrade: 'D' } });
      expect(emailsOf(result.data)).toEqual(['p10', 'p9']);
      const all = await gateway.graphql<Leads>(leadsQuery, {});
      expect(all.data!.leads.totalCount).toBe(10);
      expect(emailsOf(all.data)).toEqual(['p1', 'p6', 'p2', 'p10', 'p3', 'p4', 'p7', 'p5', 'p8', 'p9']);
    });

    it('rejects a page over 200, a band outside 1–4 and a foreign cursor, naming the value', async () => {
      const tooLarge = await gateway.graphql(leadsQuery, { first: 500 });
      expect(tooLarge.errors?.[0]).toMatchObject({
        message: 'first must be at most 200, got 500',
        extensions: { code: 'PAGE_TOO_LARGE' },
      });
      const badBand = await gateway.graphql(leadsQuery, { filter: { engagementBand: 5 } });
      expect(badBand.errors?.[0]).toMatchObject({
        message: 'engagementBand must be 1, 2, 3 or 4, got 5',
        extensions: { code: 'BAD_BAND' },
      });
      const badCursor = await gateway.graphql(leadsQuery, { after: 'nope' });
      expect(badCursor.errors?.[0]).toMatchObject({
        message: "after is not a cursor of this list: 'nope'",
        extensions: { code: 'BAD_CURSOR' },
      });
      const badStage = await gateway.graphql(matrixQuery, { filter: { stage: 'hot' } });
      expect(badStage.errors?.[0]?.extensions?.code).toBe('UNKNOWN_STAGE');
    });

    it('describes the current scoring model', async () => {
      const result = await gateway.graphql<{
        scoringModel: Record<string, unknown> & {
          rules: { touchType: string; points: number }[];
          fitCriteria: Record<string, unknown>[];
        };
      }>(
        `{ scoringModel { version halfLifeDays firstEmailOpenOnly bandThresholds mqlThreshold { minGrade maxBand }
           rules { touchType points } fitCriteria { field matches min max weight } } }`,
      );
      expect(result.errors).toBeUndefined();
      const model = result.data!.scoringModel;
      expect(model).toMatchObject({
        version: 1,
        halfLifeDays: 30,
        firstEmailOpenOnly: true,
        bandThresholds: [10, 30, 60],
        mqlThreshold: { minGrade: 'B', maxBand: 2 },
      });
      expect(model.rules).toContainEqual({ touchType: 'form_submit', points: 50 });
      expect(model.rules).toContainEqual({ touchType: 'careers_page_view', points: -10 });
      expect(model.fitCriteria).toContainEqual({
        field: 'employees',
        matches: null,
        min: 200,
        max: 5000,
        weight: 1,
      });
      expect(model.fitCriteria).toContainEqual({
        field: 'region',
        matches: ['North America', 'Europe'],
        min: null,
        max: null,
        weight: 1,
      });
    });
  });
}
