/**
 * The customer 360 view on SQLite and PostgreSQL: lookups, the merged person, deals, the
 * timeline across kinds with keyset paging, and a constant number of SQL statements whatever
 * the size of the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';
import { accountRecords, at, customerRecords, expectedTitles } from './customer-fixture.js';

type Entry = {
  id: string;
  kind: string;
  occurredAt: string;
  title: string;
  detail: string | null;
  channel: string | null;
  personName: string | null;
  actorName: string | null;
  campaign: { name: string } | null;
};
type Page = {
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

const timelineQuery = `query ($id: ID, $first: Int, $after: String, $kinds: [TimelineKind!]) {
  customer(id: $id) { timeline(first: $first, after: $after, kinds: $kinds) {
    edges { cursor node { id kind occurredAt title detail channel personName actorName campaign { name } } }
    pageInfo { hasNextPage endCursor }
  } }
}`;

const statementQuery = `query ($id: ID) { customer(id: $id) {
  people { name stage { key label } sla { status deadlineAt } identities { system sourceId } owner { name } account { name } }
  opportunities { name campaign { name } owner { name } }
  timeline(first: 50) { edges { node { title campaign { name } } } }
} }`;

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`customer 360 on ${dialect.name}`, () => {
    let gateway: TestGateway;
    let accountId: string;
    let janeId: string;
    let samId: string;

    const timeline = async (variables: Record<string, unknown>) => {
      const result = await gateway.graphql<{ customer: { timeline: Page } }>(timelineQuery, {
        id: accountId,
        ...variables,
      });
      expect(result.errors).toBeUndefined();
      return result.data!.customer.timeline;
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const report = await gateway.ingest('acme', customerRecords());
      expect(report.rejected).toEqual([]);
      const db = gateway.store('acme').db;
      accountId = (
        await db
          .selectFrom('account_identities')
          .select('account_id')
          .where('source_id', '=', 'A1')
          .executeTakeFirstOrThrow()
      ).account_id;
      janeId = (
        await db
          .selectFrom('person_emails')
          .select('person_id')
          .where('email', '=', 'jane@acme.com')
          .executeTakeFirstOrThrow()
      ).person_id;
      samId = (
        await db
          .selectFrom('person_identities')
          .select('person_id')
          .where('source_id', '=', 'L9')
          .executeTakeFirstOrThrow()
      ).person_id;
    });
    afterAll(() => gateway?.drop());

    it.each([
      ['account id', () => ({ id: accountId }), null],
      ['person id', () => ({ id: janeId }), 'Jane Doe'],
      ['any email, any casing', () => ({ email: '  JANE@Acme.COM ' }), 'Jane Doe'],
      ['a Salesforce lead id', () => ({ sourceId: 'L1' }), 'Jane Doe'],
      ['a Marketo lead id', () => ({ sourceId: 'M2' }), 'John Roe'],
      ['an account source id', () => ({ sourceId: 'A1' }), null],
    ])('finds the customer by %s', async (_name, args, focus) => {
      const result = await gateway.graphql<{
        customer: {
          id: string;
          account: { name: string };
          focus: { name: string } | null;
          people: { name: string }[];
        };
      }>(
        'query ($id: ID, $email: String, $sourceId: String) { customer(id: $id, email: $email, sourceId: $sourceId) { id account { name } focus { name } people { name } } }',
        args(),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.customer).toEqual({
        id: accountId,
        account: { name: 'Acme' },
        focus: focus ? { name: focus } : null,
        people: [{ name: 'Jane Doe' }, { name: 'John Roe' }],
      });
    });

    it.each([
      { id: 'per_unknown' },
      { id: 'acc_unknown' },
      { id: 'opp_x' },
      { email: 'nobody@acme.com' },
      { sourceId: 'nope' },
    ])('answers null without an error for an unknown customer (%o)', async (args) => {
      const result = await gateway.graphql(
        'query ($id: ID, $email: String, $sourceId: String) { customer(id: $id, email: $email, sourceId: $sourceId) { id } }',
        args,
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ customer: null });
    });

    it('refuses two arguments, or none, with BAD_ARGUMENTS naming what was given', async () => {
      const two = await gateway.graphql('{ customer(id: "per_x", email: "a@b.c") { id } }');
      expect(two.errors?.[0]?.extensions?.code).toBe('BAD_ARGUMENTS');
      expect(two.errors?.[0]?.message).toBe(
        'customer needs exactly one of id, email or sourceId; got id and email',
      );
      const none = await gateway.graphql('{ customer { id } }');
      expect(none.errors?.[0]?.message).toBe('customer needs exactly one of id, email or sourceId; got none');
    });

    it('shows one person merged from Marketo and a Salesforce lead and contact, with stage, SLA and history', async () => {
      const result = await gateway.graphql<{ customer: { focus: Record<string, unknown> } }>(
        `query ($id: ID) { customer(id: $id) { focus {
          name emails identities { system objectType sourceId }
          stage { key label position ownerTeam } stageEnteredAt
          qualification { icpFit isProspect }
          sla { status handedOffAt deadlineAt firstTouchAt responseHours acceptedAt }
          stageHistory { from to byTeam byName isRecycle }
        } } }`,
        { id: janeId },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.customer.focus).toEqual({
        name: 'Jane Doe',
        emails: ['jane.doe@acme.com', 'jane@acme.com'],
        identities: [
          { system: 'marketo', objectType: 'ma_lead', sourceId: 'M1' },
          { system: 'salesforce', objectType: 'contact', sourceId: 'C1' },
          { system: 'salesforce', objectType: 'lead', sourceId: 'L1' },
        ],
        // Her open deal, created at hour 8, moved her up from SAL (domain/deal-outcome.ts).
        stage: { key: 'opportunity', label: 'Opportunity', position: 6, ownerTeam: 'SALES' },
        stageEnteredAt: new Date(at(8)).toISOString(),
        qualification: { icpFit: false, isProspect: false },
        sla: {
          status: 'WITHIN_TARGET',
          handedOffAt: new Date(at(5)).toISOString(),
          deadlineAt: '2026-03-03T15:00:00.000Z', // 3 business hours Monday (14:00–17:00), 1 on Tuesday
          firstTouchAt: new Date(at(6)).toISOString(),
          responseHours: 1,
          acceptedAt: new Date(at(7)).toISOString(),
        },
        stageHistory: [
          { from: 'subscriber', to: 'lead', byTeam: 'marketing', byName: null, isRecycle: false },
          { from: 'lead', to: 'mql', byTeam: 'marketing', byName: null, isRecycle: false },
          { from: 'mql', to: 'sal', byTeam: 'sales', byName: 'Rita Rep', isRecycle: false },
          { from: 'sal', to: 'opportunity', byTeam: 'sales', byName: 'Rita Rep', isRecycle: false },
        ],
      });
    });

    it('lists the deals with campaign, owner and stage history', async () => {
      const result = await gateway.graphql<{ customer: { opportunities: unknown[] } }>(
        `query ($id: ID) { customer(id: $id) { opportunities {
          name amount grossProfit stage probability isClosed isWon closedAt campaign { name } owner { name } account { name } primaryPerson { name }
          stageHistory { stage amount }
        } } }`,
        { id: accountId },
      );
      expect(result.data!.customer.opportunities).toEqual([
        {
          name: 'Acme expansion',
          amount: 50_000,
          grossProfit: 30_000,
          stage: 'Proposal',
          probability: 0.4,
          isClosed: false,
          isWon: false,
          closedAt: null,
          campaign: { name: 'Spring webinar' },
          owner: { name: 'Rita Rep' },
          account: { name: 'Acme' },
          primaryPerson: { name: 'Jane Doe' },
          stageHistory: [
            { stage: 'Prospecting', amount: 40_000 },
            { stage: 'Proposal', amount: 50_000 },
          ],
        },
      ]);
    });

    it('merges touches, activities, stage changes and deals into one timeline, newest first', async () => {
      const page = await timeline({});
      expect(page.edges.map((e) => e.node.title)).toEqual(expectedTitles);
      expect(page.pageInfo.hasNextPage).toBe(false);
      const byTitle = Object.fromEntries(page.edges.map((e) => [e.node.title, e.node]));
      expect(byTitle['Form submit']).toMatchObject({
        kind: 'TOUCH',
        detail: 'https://acme.example/webinar',
        channel: 'webinar',
        personName: 'Jane Doe',
        campaign: { name: 'Spring webinar' },
      });
      expect(byTitle['Meeting by Rita Rep']).toMatchObject({
        kind: 'ACTIVITY',
        detail: 'Discovery',
        personName: 'John Roe',
        actorName: 'Rita Rep',
      });
      expect(byTitle['Stage MQL → SAL']).toMatchObject({
        kind: 'STAGE_CHANGE',
        actorName: 'Rita Rep',
        occurredAt: new Date(at(7)).toISOString(),
      });
      expect(byTitle['Deal created: Acme expansion']).toMatchObject({
        kind: 'DEAL',
        detail: '50,000 USD',
        actorName: 'Rita Rep',
        campaign: { name: 'Spring webinar' },
      });
    });

    it('pages by keyset: the pages after each endCursor add up to the whole timeline', async () => {
      const titles: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Page = await timeline({ first: 4, after });
        titles.push(...page.edges.map((e) => e.node.title));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(titles).toEqual(expectedTitles);
    });

    it('filters by kind', async () => {
      const page = await timeline({ kinds: ['ACTIVITY', 'DEAL'] });
      expect(page.edges.map((e) => e.node.kind)).toEqual(['ACTIVITY', 'DEAL', 'ACTIVITY']);
    });

    it('refuses a page over 200 and a cursor that is not one, naming the value', async () => {
      const big = await gateway.graphql(timelineQuery, { id: accountId, first: 500 });
      expect(big.errors?.[0]).toMatchObject({
        message: 'first must be at most 200, got 500',
        extensions: { code: 'PAGE_TOO_LARGE' },
      });
      const bad = await gateway.graphql(timelineQuery, { id: accountId, after: 'bogus' });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_CURSOR');
      expect(bad.errors?.[0]?.message).toContain("'bogus'");
    });

    it('shows a person without an account as a customer of their own', async () => {
      const result = await gateway.graphql<{ customer: unknown }>(
        '{ customer(sourceId: "L9") { id account { id } focus { name } people { name } opportunities { id } timeline { edges { node { id } } } } }',
      );
      expect(result.data!.customer).toEqual({
        id: samId,
        account: null,
        focus: { name: 'Sam Solo' },
        people: [{ name: 'Sam Solo' }],
        opportunities: [],
        timeline: { edges: [] },
      });
    });

    // The 11: the account; the timeline (one UNION ALL); the definitions (stages, scoring model, SLA policy);
    // the people; the deals; then one batch each for campaigns (of deals and entries together), handoffs,
    // identities and users (owners of people and deals together). Nothing grows with the account.
    it('runs 9 SQL statements for an account of 50 people and 5,000 touches, as for one of 5 people', async () => {
      await gateway.ingest('globex', accountRecords('big.example', 50, 100));
      await gateway.ingest('globex', accountRecords('small.example', 5, 10));
      const db = gateway.store('globex').db;
      // A gateway reads its tenant list once, on its first request, and a version of a tenant's
      // definitions once; then it asks only which versions are current (1 statement).
      await gateway.graphql('{ tenant { id } sla { policy { targetHours } } }', {}, { tenant: 'globex' });
      const count = async (domain: string) => {
        const { id } = await db
          .selectFrom('accounts')
          .select('id')
          .where('domain', '=', domain)
          .executeTakeFirstOrThrow();
        const result = await gateway.graphql<{
          customer: { people: unknown[]; timeline: { edges: unknown[] } };
        }>(statementQuery, { id }, { tenant: 'globex' });
        expect(result.errors).toBeUndefined();
        return {
          people: result.data!.customer.people.length,
          entries: result.data!.customer.timeline.edges.length,
          statements: result.statements,
        };
      };
      const big = await count('big.example');
      const small = await count('small.example');
      expect(big).toEqual({ people: 50, entries: 50, statements: 9 });
      expect(small).toEqual({ people: 5, entries: 50, statements: 9 });
    });
  });
}
