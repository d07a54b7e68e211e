/**
 * The analysts' lists, `opportunities` and `handoffs`, on SQLite and PostgreSQL: every filter,
 * the sort orders (nulls last, ties by id), paging through every page returning each row once
 * (also with a row written between pages), row scopes (the same rows as the filter for region;
 * the deals and handoffs of the scope's people for owner and team), the page-size limit, bad
 * cursors and ranges, a constant number of SQL statements per page, and counts equal to the
 * metrics' (won and lost as revenueMetrics, breaches as sla.sales).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => at(`${iso}T15:00:00Z`);

const person = (name: string, owner: string, region: string | null, account?: string): SourceRecordInput => ({
  kind: 'person',
  system: 'crm',
  objectType: 'contact',
  sourceId: name,
  email: `${name}@client.example`,
  firstName: name,
  ownerEmail: `${owner}@acme.example`,
  region,
  ...(account ? { account: { system: 'crm', sourceId: account } } : {}),
  createdAt: day('2026-01-05'),
  updatedAt: day('2026-01-05'),
});
const deal = (
  id: string,
  name: string,
  owner: string,
  fields: Partial<Extract<SourceRecordInput, { kind: 'opportunity' }>> & { stage: string },
): SourceRecordInput => ({
  kind: 'opportunity',
  system: 'crm',
  sourceId: id,
  name: `deal ${id.toLowerCase()}`,
  primaryPerson: { email: `${name}@client.example` },
  ownerEmail: `${owner}@acme.example`,
  createdAt: day('2026-01-15'),
  ...fields,
});
const stage = (
  name: string,
  n: number,
  to: string,
  iso: string,
  byTeam: 'sales' | 'marketing' = 'marketing',
  reason?: string,
): SourceRecordInput => ({
  kind: 'stageChange',
  system: 'crm',
  sourceId: `${name}-s${n}`,
  person: { email: `${name}@client.example` },
  to,
  byTeam,
  reason: reason ?? null,
  occurredAt: iso,
});
const call = (name: string, iso: string): SourceRecordInput => ({
  kind: 'activity',
  system: 'crm',
  sourceId: `${name}-call`,
  person: { email: `${name}@client.example` },
  type: 'call',
  occurredAt: iso,
});

// Acme works 9–17 in New York (UTC−5 in early March) with a 4-business-hour target: a handoff at
// 14:00Z (09:00) is due at 18:00Z.
const recent = new Date(Date.now() - 60_000).toISOString();
const records: SourceRecordInput[] = [
  { kind: 'user', email: 'ana@acme.example', name: 'Ana Rep', team: 'Sales East', teamFunction: 'sales' },
  { kind: 'user', email: 'bo@acme.example', name: 'Bo Rep', team: 'Sales East' },
  { kind: 'user', email: 'cy@acme.example', name: 'Cy Rep', team: 'Sales West', teamFunction: 'sales' },
  { kind: 'product', system: 'crm', sourceId: 'NP', name: 'Nova Pro' },
  { kind: 'product', system: 'crm', sourceId: 'NL', name: 'Nova Lite' },
  { kind: 'campaign', system: 'crm', sourceId: 'C1', name: 'Spring webinar', channel: 'webinar' },
  {
    kind: 'account',
    system: 'crm',
    sourceId: 'eu-co',
    name: 'EU Co',
    region: 'Europe',
    updatedAt: day('2026-01-01'),
  },
  person('ann', 'ana', 'Europe'),
  person('bob', 'ana', 'Europe'),
  person('cat', 'bo', 'North America'),
  person('dan', 'bo', 'North America'),
  person('eve', 'cy', null, 'eu-co'),
  person('fay', 'cy', 'North America'),
  // Handoffs: ann touched in time, bob sent back in time, cat touched late, dan never answered,
  // eve handed off a minute ago (open), fay sent back after the deadline (late).
  stage('ann', 1, 'mql', '2026-03-02T14:00:00Z'),
  call('ann', '2026-03-02T15:00:00Z'),
  stage('bob', 1, 'mql', '2026-03-03T14:00:00Z'),
  stage('bob', 2, 'sal', '2026-03-03T15:00:00Z', 'sales'),
  stage('bob', 3, 'lead', '2026-03-03T16:00:00Z', 'sales', 'bad_timing'),
  stage('cat', 1, 'mql', '2026-03-04T14:00:00Z'),
  call('cat', '2026-03-05T20:00:00Z'),
  stage('dan', 1, 'mql', '2026-03-05T14:00:00Z'),
  stage('eve', 1, 'mql', recent),
  stage('fay', 1, 'mql', '2026-03-06T14:00:00Z'),
  stage('fay', 2, 'sal', '2026-03-06T15:00:00Z', 'sales'),
  stage('fay', 3, 'lead', '2026-03-09T20:00:00Z', 'sales', 'no_budget'),
  deal('D1', 'ann', 'ana', {
    stage: 'Closed Won',
    amount: 30_000,
    closedAt: day('2026-02-20'),
    product: { name: 'Nova Pro' },
    campaign: { system: 'crm', sourceId: 'C1' },
  }),
  deal('D2', 'bob', 'bo', {
    stage: 'Closed Won',
    amount: 5_000,
    closedAt: day('2026-03-02'),
    product: { name: 'Nova Lite' },
  }),
  deal('D3', 'cat', 'bo', {
    stage: 'Closed Lost',
    amount: 9_000,
    closedAt: day('2026-02-25'),
    lossReason: 'price',
    product: { name: 'Nova Pro' },
  }),
  deal('D4', 'dan', 'ana', {
    stage: 'Prospecting',
    amount: 7_000,
    expectedCloseAt: day('2026-04-10'),
    product: { name: 'Nova Lite' },
    campaign: { system: 'crm', sourceId: 'C1' },
  }),
  deal('D5', 'dan', 'ana', { stage: 'Prospecting', createdAt: day('2026-01-20') }),
  deal('D6', 'eve', 'cy', {
    stage: 'Negotiation',
    amount: 12_000,
    expectedCloseAt: day('2026-03-20'),
    createdAt: day('2026-02-01'),
  }),
  deal('D7', 'fay', 'cy', {
    stage: 'Negotiation',
    amount: 12_000,
    expectedCloseAt: day('2026-05-01'),
    createdAt: day('2026-02-10'),
  }),
];

const dealsQuery = /* GraphQL */ `
  query ($filter: OpportunityListFilter, $orderBy: OpportunityOrder, $first: Int, $after: String) {
    opportunities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id name amount owner { name } product { name } } }
    }
  }
`;
const handoffsQuery = /* GraphQL */ `
  query ($filter: HandoffListFilter, $orderBy: HandoffOrder, $first: Int, $after: String) {
    handoffs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id status breached sentBackReason person { name } owner { name } } }
    }
  }
`;
type Page<N> = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: N }[];
};
type Deal = { id: string; name: string; amount: number | null; owner: { name: string } | null };
type Handoff = {
  status: string;
  breached: boolean;
  sentBackReason: string | null;
  person: { name: string };
};

const dealNames = (page: Page<Deal>) => page.edges.map((e) => e.node.name.replace('deal ', ''));
const handoffNames = (page: Page<Handoff>) => page.edges.map((e) => e.node.person.name);

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`analysts' lists on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const teams: Record<string, string> = {};
    const users: Record<string, string> = {};
    const products: Record<string, string> = {};
    let campaignId = '';

    const deals = async (variables: Record<string, unknown>, token?: string) => {
      const result = await gateway.graphql<{ opportunities: Page<Deal> }>(
        dealsQuery,
        variables,
        token ? { token } : {},
      );
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      return { ...result.data!.opportunities, statements: result.statements };
    };
    const handoffs = async (variables: Record<string, unknown>, token?: string) => {
      const result = await gateway.graphql<{ handoffs: Page<Handoff> }>(
        handoffsQuery,
        variables,
        token ? { token } : {},
      );
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      return { ...result.data!.handoffs, statements: result.statements };
    };
    /** Every page of a list, `first` at a time; `between` runs after the first page. */
    const walk = async <N>(
      ask: (variables: Record<string, unknown>) => Promise<Page<N> & { statements: number }>,
      variables: Record<string, unknown>,
      first: number,
      between?: () => Promise<void>,
    ) => {
      const pages: (Page<N> & { statements: number })[] = [];
      let after: string | null = null;
      do {
        const page = await ask({ ...variables, first, after });
        pages.push(page);
        if (pages.length === 1) await between?.();
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return pages;
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', records);
      expect(report.rejectedCount, JSON.stringify(report)).toBe(0);
      const db = gateway.store('acme').db;
      for (const t of await db.selectFrom('teams').select(['id', 'name']).execute()) teams[t.name] = t.id;
      for (const u of await db.selectFrom('users').select(['id', 'email']).execute())
        users[u.email.split('@')[0]!] = u.id;
      for (const p of await db.selectFrom('products').select(['id', 'name']).execute())
        products[p.name] = p.id;
      campaignId = (await db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
    });
    afterAll(() => gateway?.drop());

    it('lists every deal newest first by default, and filters by each field', async () => {
      // d1–d4 were all created on 15 January: tied, by id.
      const newest = dealNames(await deals({}));
      expect(newest.slice(0, 3)).toEqual(['d7', 'd6', 'd5']);
      expect(new Set(newest.slice(3))).toEqual(new Set(['d1', 'd2', 'd3', 'd4']));
      const names = async (filter: Record<string, unknown>) => {
        const page = await deals({ filter, orderBy: { by: 'NAME' } });
        expect(page.totalCount).toBe(page.edges.length);
        return dealNames(page);
      };
      expect(await names({ status: 'OPEN' })).toEqual(['d4', 'd5', 'd6', 'd7']);
      expect(await names({ status: 'WON' })).toEqual(['d1', 'd2']);
      expect(await names({ status: 'LOST' })).toEqual(['d3']);
      expect(await names({ stage: 'Negotiation' })).toEqual(['d6', 'd7']);
      expect(await names({ ownerId: users.ana })).toEqual(['d1', 'd4', 'd5']);
      expect(await names({ teamId: teams['Sales East'] })).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
      expect(await names({ teamId: teams['Sales West'] })).toEqual(['d6', 'd7']);
      // eve has no region of her own: her account's, Europe, counts.
      expect(await names({ region: 'Europe' })).toEqual(['d1', 'd2', 'd6']);
      expect(await names({ productId: products['Nova Pro'] })).toEqual(['d1', 'd3']);
      expect(await names({ campaignId })).toEqual(['d1', 'd4']);
      expect(await names({ createdFrom: '2026-01-16', createdTo: '2026-02-05' })).toEqual(['d5', 'd6']);
      // Closed deals by their close date, open ones by their expected close; d5 has neither.
      expect(await names({ closeFrom: '2026-02-25', closeTo: '2026-03-31' })).toEqual(['d2', 'd3', 'd6']);
      expect(await names({ status: 'OPEN', closeFrom: '2026-04-01' })).toEqual(['d4', 'd7']);
      expect(await names({ status: 'OPEN', ownerId: users.ana, productId: products['Nova Lite'] })).toEqual([
        'd4',
      ]);
    });

    it('sorts by each key, unknown values last either way, ties by id', async () => {
      const order = async (by: string, descending: boolean) =>
        dealNames(await deals({ orderBy: { by, descending } }));
      // Ties (d1–d4 created the same day) go by id whichever the direction.
      const newest = await order('CREATED_AT', true);
      expect(await order('CREATED_AT', false)).toEqual([...newest.slice(3), 'd5', 'd6', 'd7']);
      const byAmount = await order('AMOUNT', false);
      expect(byAmount.slice(0, 4)).toEqual(['d2', 'd4', 'd3', expect.stringMatching(/^d[67]$/)]);
      expect(byAmount.at(-1)).toBe('d5');
      const byAmountDown = await order('AMOUNT', true);
      expect(byAmountDown[0]).toBe('d1');
      expect(byAmountDown.at(-1)).toBe('d5');
      // D6 and D7 tie at 12,000: by id, the same way up and down.
      const tie = (list: string[]) => list.filter((n) => n === 'd6' || n === 'd7');
      expect(tie(byAmount)).toEqual(tie(byAmountDown));
      expect(await order('CLOSE_DATE', false)).toEqual(['d1', 'd3', 'd2', 'd6', 'd4', 'd7', 'd5']);
      expect(await order('CLOSE_DATE', true)).toEqual(['d7', 'd4', 'd6', 'd2', 'd3', 'd1', 'd5']);
      expect(await order('NAME', true)).toEqual(['d7', 'd6', 'd5', 'd4', 'd3', 'd2', 'd1']);
    });

    it('pages through every order one or two at a time, each deal once, with constant statements', async () => {
      for (const by of ['CREATED_AT', 'CLOSE_DATE', 'AMOUNT', 'NAME']) {
        for (const descending of [false, true]) {
          const whole = dealNames(await deals({ orderBy: { by, descending } }));
          for (const first of [1, 2]) {
            const pages = await walk<Deal>(deals, { orderBy: { by, descending } }, first);
            expect(pages.flatMap(dealNames), `${by} ${descending} by ${first}`).toEqual(whole);
            expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
            expect(pages.slice(1).every((p) => p.pageInfo.hasPreviousPage)).toBe(true);
          }
        }
      }
      // Statements per page do not grow with the page: the page, totalCount, and one batch per
      // loader (owners, products).
      const small = await deals({ first: 2, orderBy: { by: 'NAME' } });
      const large = await deals({ first: 7, orderBy: { by: 'NAME' } });
      expect(large.edges).toHaveLength(7);
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBe(4);
    });

    // Last of the deal tests: the two deals it writes (no primary person) stay.
    it('returns each deal once while a deal is written between pages', async () => {
      const before = dealNames(await deals({ orderBy: { by: 'NAME' } }));
      const pages = await walk<Deal>(deals, { orderBy: { by: 'NAME' } }, 2, async () => {
        // One deal sorts before the cursor (not shown), one after it (shown once).
        const report = await gateway.ingest('acme', [
          deal('A0', 'ann', 'ana', { stage: 'Prospecting', name: 'deal a0', primaryPerson: null }),
          deal('Z9', 'ann', 'ana', { stage: 'Prospecting', name: 'deal z9', primaryPerson: null }),
        ]);
        expect(report.rejectedCount).toBe(0);
      });
      const seen = pages.flatMap(dealNames);
      expect(seen).toEqual([...before, 'z9']);
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages.at(-1)!.totalCount).toBe(9);
    });

    it('counts won, lost and open deals as the metrics do', async () => {
      const range = { from: '2026-02-01', to: '2026-02-28' };
      const metrics = await gateway.graphql<{ revenueMetrics: { won: number; lost: number } }>(
        `query($f: MetricsFilter) { revenueMetrics(filter: $f) { won lost } }`,
        { f: range },
      );
      const count = async (status: string) =>
        (await deals({ filter: { status, closeFrom: range.from, closeTo: range.to } })).totalCount;
      expect([await count('WON'), await count('LOST')]).toEqual([
        metrics.data!.revenueMetrics.won,
        metrics.data!.revenueMetrics.lost,
      ]);
      expect([await count('WON'), await count('LOST')]).toEqual([1, 1]);
    });

    it('lists handoffs with their status by the breach rule, and filters by each field', async () => {
      const all = await handoffs({});
      expect(handoffNames(all)).toEqual(['eve', 'fay', 'dan', 'cat', 'bob', 'ann']);
      expect(Object.fromEntries(all.edges.map((e) => [e.node.person.name, e.node.status]))).toEqual({
        ann: 'WITHIN_TARGET',
        bob: 'SENT_BACK',
        cat: 'LATE',
        dan: 'BREACHED',
        eve: 'OPEN',
        fay: 'LATE',
      });
      const names = async (filter: Record<string, unknown>) => {
        const page = await handoffs({ filter, orderBy: { by: 'HANDED_OFF_AT' } });
        expect(page.totalCount).toBe(page.edges.length);
        return handoffNames(page);
      };
      expect(await names({ status: ['LATE', 'OPEN'] })).toEqual(['cat', 'fay', 'eve']);
      expect(await names({ status: [] })).toEqual(['ann', 'bob', 'cat', 'dan', 'fay', 'eve']);
      expect(await names({ breached: true })).toEqual(['cat', 'dan', 'fay']);
      expect(await names({ breached: false })).toEqual(['ann', 'bob', 'eve']);
      expect(await names({ sentBack: true })).toEqual(['bob', 'fay']);
      expect(await names({ sentBack: false })).toEqual(['ann', 'cat', 'dan', 'eve']);
      expect(await names({ sentBackReason: 'no_budget' })).toEqual(['fay']);
      expect(await names({ ownerId: users.ana })).toEqual(['ann', 'bob']);
      expect(await names({ teamId: teams['Sales West'] })).toEqual(['fay', 'eve']);
      expect(await names({ region: 'Europe' })).toEqual(['ann', 'bob', 'eve']);
      expect(await names({ handedOffFrom: '2026-03-03', handedOffTo: '2026-03-05' })).toEqual([
        'bob',
        'cat',
        'dan',
      ]);
      expect(await names({ breached: true, sentBack: true })).toEqual(['fay']);
      const fay = (await handoffs({ filter: { sentBackReason: 'no_budget' } })).edges[0]!.node;
      expect(fay).toMatchObject({ breached: true, sentBackReason: 'no_budget', owner: { name: 'Cy Rep' } });
      // March's handoffs were imported after their deadlines: history; eve's, a minute old, is not.
      const history = await gateway.graphql<{
        handoffs: { edges: { node: { isHistory: boolean; person: { name: string } } }[] };
      }>('{ handoffs { edges { node { isHistory person { name } } } } }');
      expect(
        Object.fromEntries(history.data!.handoffs.edges.map((e) => [e.node.person.name, e.node.isHistory])),
      ).toEqual({
        ann: true,
        bob: true,
        cat: true,
        dan: true,
        eve: false,
        fay: true,
      });
    });

    it('counts breaches as sla.sales does', async () => {
      const range = { from: '2026-03-01', to: '2026-03-31' };
      const sla = await gateway.graphql<{ sla: { sales: { closedBreaches: number; openBreaches: number } } }>(
        `query($f: MetricsFilter) { sla(filter: $f) { sales { closedBreaches openBreaches } } }`,
        { f: range },
      );
      const breached = await handoffs({
        filter: { breached: true, handedOffFrom: range.from, handedOffTo: range.to },
      });
      const { closedBreaches, openBreaches } = sla.data!.sla.sales;
      expect(breached.totalCount).toBe(closedBreaches + openBreaches);
    });

    it('sorts and pages handoffs, each once, untouched ones last by response hours', async () => {
      const byResponse = handoffNames(await handoffs({ orderBy: { by: 'RESPONSE_HOURS' } }));
      expect(byResponse.slice(0, 2)).toEqual(['ann', 'cat']);
      expect(new Set(byResponse.slice(2))).toEqual(new Set(['bob', 'dan', 'eve', 'fay']));
      const byDeadline = handoffNames(await handoffs({ orderBy: { by: 'DEADLINE_AT', descending: true } }));
      expect(byDeadline).toEqual(['eve', 'fay', 'dan', 'cat', 'bob', 'ann']);
      for (const by of ['HANDED_OFF_AT', 'DEADLINE_AT', 'RESPONSE_HOURS']) {
        for (const descending of [false, true]) {
          const whole = handoffNames(await handoffs({ orderBy: { by, descending } }));
          const pages = await walk<Handoff>(handoffs, { orderBy: { by, descending } }, 1);
          expect(pages.flatMap(handoffNames), `${by} ${descending}`).toEqual(whole);
        }
      }
      // The page, totalCount, people and owners in one batch each.
      const small = await handoffs({ first: 1 });
      const large = await handoffs({ first: 6 });
      expect(large.statements).toBe(small.statements);
      expect(large.statements).toBe(4);
    });

    it('narrows both lists to a token’s row scopes', async () => {
      const scoped = async (scopes: Record<string, string>) => {
        const token = await gateway.token({ tenant: 'acme', role: 'analyst', scopes });
        return {
          deals: dealNames(await deals({ orderBy: { by: 'NAME' } }, token)),
          handoffs: handoffNames(await handoffs({ orderBy: { by: 'HANDED_OFF_AT' } }, token)),
        };
      };
      // A region scope: exactly what the region filter gives an unscoped token.
      expect(await scoped({ region: 'Europe' })).toEqual({
        deals: dealNames(await deals({ filter: { region: 'Europe' }, orderBy: { by: 'NAME' } })),
        handoffs: handoffNames(
          await handoffs({ filter: { region: 'Europe' }, orderBy: { by: 'HANDED_OFF_AT' } }),
        ),
      });
      // Owner and team scopes narrow to their people: deals by the primary person (d2 is bo's deal
      // for ana's bob), as the metrics narrow them.
      expect(await scoped({ owner: users.ana! })).toEqual({
        deals: ['d1', 'd2'],
        handoffs: ['ann', 'bob'],
      });
      expect(await scoped({ team: teams['Sales West']! })).toEqual({
        deals: ['d6', 'd7'],
        handoffs: ['fay', 'eve'],
      });
    });

    it('answers the largest page with the guide’s fields within the query cost limit', async () => {
      const deals = await gateway.graphql(
        `{ opportunities(first: 200) { totalCount pageInfo { hasNextPage endCursor }
             edges { node { name crmStage amount expectedCloseAt owner { name } product { name } } } } }`,
      );
      expect(deals.errors).toBeUndefined();
      const handoffs = await gateway.graphql(
        `{ handoffs(first: 200) { totalCount pageInfo { hasNextPage endCursor }
             edges { node { status handedOffAt deadlineAt sentBackReason person { name } owner { name } } } } }`,
      );
      expect(handoffs.errors).toBeUndefined();
    });

    it('refuses a page over 200, a negative page, a foreign or stale cursor and a reversed range', async () => {
      const tooLarge = await gateway.graphql(dealsQuery, { first: 201 });
      expect(tooLarge.errors?.[0]).toMatchObject({
        message: 'first must be at most 200, got 201',
        extensions: { code: 'PAGE_TOO_LARGE' },
      });
      const tooLargeHandoffs = await gateway.graphql(handoffsQuery, { first: 500 });
      expect(tooLargeHandoffs.errors?.[0]?.extensions?.code).toBe('PAGE_TOO_LARGE');
      const negative = await gateway.graphql(handoffsQuery, { first: -1 });
      expect(negative.errors?.[0]).toMatchObject({ message: 'first must be at least 0, got -1' });
      const foreign = await gateway.graphql(dealsQuery, { after: 'nope' });
      expect(foreign.errors?.[0]).toMatchObject({
        message: "after is not a cursor of this list: 'nope'",
        extensions: { code: 'BAD_CURSOR' },
      });
      const first = await deals({ first: 1 });
      const otherOrder = await gateway.graphql(dealsQuery, {
        after: first.pageInfo.endCursor,
        orderBy: { by: 'AMOUNT' },
      });
      expect(otherOrder.errors?.[0]?.message).toBe(
        'after is a cursor of this list under another filter or order: ask for the first page again',
      );
      const reversed = await gateway.graphql(dealsQuery, {
        filter: { closeFrom: '2026-03-01', closeTo: '2026-02-01' },
      });
      expect(reversed.errors?.[0]).toMatchObject({
        message: '`closeFrom` 2026-03-01 is after `closeTo` 2026-02-01',
        extensions: { code: 'BAD_RANGE' },
      });
    });

    // Last: the handoff it writes stays.
    it('returns each handoff once while a handoff is written between pages', async () => {
      const before = handoffNames(await handoffs({ orderBy: { by: 'HANDED_OFF_AT' } }));
      const pages = await walk<Handoff>(handoffs, { orderBy: { by: 'HANDED_OFF_AT' } }, 2, async () => {
        const report = await gateway.ingest('acme', [
          person('gus', 'cy', 'Europe'),
          stage('gus', 1, 'mql', new Date().toISOString()),
        ]);
        expect(report.rejectedCount).toBe(0);
      });
      const seen = pages.flatMap(handoffNames);
      expect(seen).toEqual([...before, 'gus']);
      expect(pages.at(-1)!.totalCount).toBe(7);
    });
  });
}
