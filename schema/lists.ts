/**
 * Lists for analysts (docs/analysts.md "Lists"): `opportunities` and `handoffs`, beside `leads`
 * (scoring.ts). Filters, one sort key and keyset paging with opaque cursors; SQL in
 * gateway/metrics/lists/. Row scopes and the tenant narrow them in the store, as every metric.
 */
import { createGraphQLError } from 'graphql-yoga';
import { type HandoffSlaStatus, isBreach, isHistory } from '../gateway/domain/sla-breach.js';
import { rangeOf } from '../gateway/metrics/filter.js';
import { handoffCount, handoffPage, type ListedHandoff } from '../gateway/metrics/lists/handoffs.js';
import {
  decodeListCursor,
  encodeListCursor,
  type ListCursor,
  listSignature,
  type SortValue,
} from '../gateway/metrics/lists/keyset.js';
import { opportunityCount, opportunityPage } from '../gateway/metrics/lists/opportunities.js';
import { builder, type Context } from './builder.js';
import { HandoffSlaStatusEnum } from './customer-person.js';
import { PersonRef, UserRef } from './entities.js';
import { OpportunityRef } from './opportunity.js';

const maxPage = 200;

const DealStatusEnum = builder.enumType('DealStatus', {
  description: 'Where a deal stands: open, or closed won or lost (Opportunity.isClosed and isWon).',
  values: {
    OPEN: { description: 'Not closed: counted in the pipeline.' },
    WON: { description: 'Closed and won.' },
    LOST: { description: 'Closed and lost.' },
  } as const,
});

const dayField = (what: string) => `${what} (a local day in the tenant’s time zone, YYYY-MM-DD).`;

const OpportunityListFilterInput = builder.inputType('OpportunityListFilter', {
  description:
    'Which deals the opportunities list holds; every field is optional and they all apply together.',
  fields: (t) => ({
    status: t.field({ type: DealStatusEnum, description: 'Only open, only won or only lost deals.' }),
    stage: t.string({
      description: 'The CRM’s stage name exactly as written (Opportunity.crmStage), e.g. `Negotiation`.',
    }),
    ownerId: t.id({ description: 'Deals owned by this user (the deal’s own owner, Opportunity.owner).' }),
    teamId: t.id({ description: 'Deals owned by a member of this team.' }),
    region: t.string({
      description:
        'Deals whose primary person is in this region (their own, else their account’s), as MetricsFilter.region.',
    }),
    productId: t.id({ description: 'Deals for this product (Opportunity.product).' }),
    campaignId: t.id({
      description:
        'Deals the CRM credits to this campaign as their primary source (Opportunity.campaign); not every campaign that touched their people.',
    }),
    createdFrom: t.field({ type: 'Date', description: dayField('First day of creation included') }),
    createdTo: t.field({ type: 'Date', description: dayField('Last day of creation included') }),
    closeFrom: t.field({
      type: 'Date',
      description: dayField(
        'First close day included: a closed deal’s close date (its creation when the CRM gave none), an open deal’s expected close; an open deal without one is left out',
      ),
    }),
    closeTo: t.field({ type: 'Date', description: dayField('Last close day included, as closeFrom') }),
  }),
});

const OpportunityOrderFieldEnum = builder.enumType('OpportunityOrderField', {
  description: 'What the opportunities list is sorted by; ties are broken by id.',
  values: {
    CREATED_AT: { description: 'When the deal was created.' },
    CLOSE_DATE: {
      description:
        'The close date: closedAt for a closed deal (its creation when the CRM gave none), expectedCloseAt for an open one.',
    },
    AMOUNT: { description: 'The amount; unknown amounts come last.' },
    NAME: { description: 'The deal’s name (the database’s text order).' },
  } as const,
});

const OpportunityOrderInput = builder.inputType('OpportunityOrder', {
  description: 'The order of the opportunities list: one key, then id.',
  fields: (t) => ({
    by: t.field({ type: OpportunityOrderFieldEnum, required: true, description: 'The sort key.' }),
    descending: t.boolean({
      defaultValue: false,
      description: 'Largest (latest) first; deals without a value are last either way.',
    }),
  }),
});

const HandoffRef = builder.objectRef<ListedHandoff>('Handoff').implement({
  description:
    'One MQL handoff to sales and where it stands against the SLA (docs/domain.md "The breach rule").',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Tandem id (hnd_…).' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The lead handed off.',
      resolve: (h, _a, ctx) => ctx.loaders.person.load(h.person_id),
    }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      description: 'The rep it was handed to (the person’s owner then); the SLA charges them. Null: none.',
      resolve: (h, _a, ctx) => (h.owner_id ? ctx.loaders.user.load(h.owner_id) : null),
    }),
    status: t.field({
      type: HandoffSlaStatusEnum,
      description:
        'Its status by the breach rule; BREACHED and OPEN are judged at the moment the first page was read (kept in the cursor, so one walk through the list is one snapshot).',
      resolve: (h) => h.status,
    }),
    breached: t.boolean({
      description: 'A breach, open (BREACHED) or closed (LATE): the deadline passed before sales answered.',
      resolve: (h) => isBreach(h.status),
    }),
    handedOffAt: t.field({
      type: 'DateTime',
      description: 'When the lead entered the handoff stage (the SLA clock starts).',
      resolve: (h) => h.handed_off_at,
    }),
    deadlineAt: t.field({
      type: 'DateTime',
      description: 'handedOffAt + the policy’s target, in business hours.',
      resolve: (h) => h.deadline_at,
    }),
    firstTouchAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'First sales activity after the handoff; null while untouched.',
      resolve: (h) => h.first_touch_at,
    }),
    responseHours: t.exposeFloat('response_hours', {
      nullable: true,
      description: 'Business hours from handoff to first touch; null while untouched.',
    }),
    acceptedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When sales accepted it; null if not (yet).',
      resolve: (h) => h.accepted_at,
    }),
    sentBackAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When sales sent the lead back to marketing; null if not.',
      resolve: (h) => h.sent_back_at,
    }),
    sentBackReason: t.exposeString('sent_back_reason', {
      nullable: true,
      description: 'Why it was sent back, as recorded (e.g. bad_timing); null if not sent back or no reason.',
    }),
    isHistory: t.boolean({
      description:
        'Tandem learnt of it after its deadline had passed (an import of old MQL dates, a first sync): judged by the breach rule like any other, never announced as a live breach (docs/domain.md "History is not an alarm").',
      resolve: (h) => isHistory({ deadlineAt: h.deadline_at, recordedAt: h.recorded_at ?? null }),
    }),
    isProspect: t.boolean({
      description: 'The person had all four prospect flags when handed off.',
      resolve: (h) => h.is_prospect === 1,
    }),
    policyVersion: t.exposeInt('policy_version', {
      description: 'The SLA policy version its deadline was computed with.',
    }),
  }),
});

const HandoffListFilterInput = builder.inputType('HandoffListFilter', {
  description: 'Which handoffs the handoffs list holds; every field is optional and they all apply together.',
  fields: (t) => ({
    status: t.field({
      type: [HandoffSlaStatusEnum],
      description: 'Handoffs with any of these statuses (the breach rule); empty or omitted: every status.',
    }),
    breached: t.boolean({
      description: 'true: breaches, open or closed (BREACHED or LATE); false: the others.',
    }),
    sentBack: t.boolean({ description: 'true: sent back to marketing (in time or late); false: not.' }),
    sentBackReason: t.string({
      description: 'Sent back with this reason, exactly as recorded (e.g. `bad_timing`).',
    }),
    ownerId: t.id({ description: 'Handoffs to this rep (Handoff.owner), as sla.sales.byRep counts them.' }),
    teamId: t.id({ description: 'Handoffs to a member of this team, as sla.sales.byTeam counts them.' }),
    region: t.string({
      description:
        'Handoffs of people in this region (their own, else their account’s), as MetricsFilter.region.',
    }),
    handedOffFrom: t.field({ type: 'Date', description: dayField('First day of the handoff included') }),
    handedOffTo: t.field({ type: 'Date', description: dayField('Last day of the handoff included') }),
  }),
});

const HandoffOrderFieldEnum = builder.enumType('HandoffOrderField', {
  description: 'What the handoffs list is sorted by; ties are broken by id.',
  values: {
    HANDED_OFF_AT: { description: 'When the lead was handed off.' },
    DEADLINE_AT: { description: 'The SLA deadline.' },
    RESPONSE_HOURS: { description: 'Business hours to the first touch; untouched handoffs come last.' },
  } as const,
});

const HandoffOrderInput = builder.inputType('HandoffOrder', {
  description: 'The order of the handoffs list: one key, then id.',
  fields: (t) => ({
    by: t.field({ type: HandoffOrderFieldEnum, required: true, description: 'The sort key.' }),
    descending: t.boolean({
      defaultValue: false,
      description: 'Largest (latest) first; handoffs without a value are last either way.',
    }),
  }),
});

type Counted = { totalCount: () => Promise<number> };

const OpportunityConnectionRef = builder.connectionObject(
  {
    type: OpportunityRef,
    name: 'OpportunityConnection',
    description: 'A page of deals (Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Deals in the whole list, not just this page.',
        resolve: (page) => (page as unknown as Counted).totalCount(),
      }),
    }),
  },
  { name: 'OpportunityEdge', description: 'A deal and the cursor to continue after it.' },
);

const HandoffConnectionRef = builder.connectionObject(
  {
    type: HandoffRef,
    name: 'HandoffConnection',
    description: 'A page of handoffs (Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Handoffs in the whole list, not just this page.',
        resolve: (page) => (page as unknown as Counted).totalCount(),
      }),
    }),
  },
  { name: 'HandoffEdge', description: 'A handoff and the cursor to continue after it.' },
);

function badArg(message: string, code: string) {
  return createGraphQLError(message, { extensions: { code } });
}

/** Local days [from, to] as instants; null when both are open. */
function daysOf(ctx: Context, names: [string, string], from?: string | null, to?: string | null) {
  if (!from && !to) return null;
  if (from && to && from > to)
    throw badArg(`\`${names[0]}\` ${from} is after \`${names[1]}\` ${to}`, 'BAD_RANGE');
  return rangeOf({ from, to }, ctx.tenant.time_zone);
}

/** The page size and the cursor, checked; the cursor must come from this very list. */
function paging(args: { first?: number | null; after?: string | null }, signature: string) {
  const first = args.first ?? 50;
  if (first > maxPage) throw badArg(`first must be at most ${maxPage}, got ${first}`, 'PAGE_TOO_LARGE');
  if (first < 0) throw badArg(`first must be at least 0, got ${first}`, 'BAD_PAGE_SIZE');
  if (!args.after) return { first, after: null };
  const after = decodeListCursor(args.after);
  if (!after) throw badArg(`after is not a cursor of this list: '${args.after}'`, 'BAD_CURSOR');
  if (after.signature !== signature)
    throw badArg(
      'after is a cursor of this list under another filter or order: ask for the first page again',
      'BAD_CURSOR',
    );
  return { first, after };
}

function connection<T extends { id: string; sort_key: SortValue }>(
  rows: T[],
  page: { hasNextPage: boolean; after: ListCursor | null; signature: string; asOf: number },
  totalCount: () => Promise<number>,
) {
  const edges = rows.map((node) => ({
    node,
    cursor: encodeListCursor({ signature: page.signature, asOf: page.asOf, key: node.sort_key, id: node.id }),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: !!page.after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

builder.queryFields((t) => ({
  opportunities: t.field({
    type: OpportunityConnectionRef,
    description:
      'Deals, filtered and sorted (default: newest first), keyset-paged: paging from the first page to the last returns each deal once, even while deals are written between pages. Open, won and lost read as revenueMetrics reads them, so a count here equals the metrics query’s OPEN_DEALS, WON or LOST for the same slice.',
    args: {
      filter: t.arg({ type: OpportunityListFilterInput, description: 'Which deals.' }),
      orderBy: t.arg({
        type: OpportunityOrderInput,
        description: 'The order; default CREATED_AT descending.',
      }),
      first: t.arg.int({ defaultValue: 50, description: `Page size, 0 to ${maxPage}.` }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const f = args.filter ?? {};
      const filter = {
        status: f.status ?? null,
        stage: f.stage ?? null,
        ownerId: f.ownerId == null ? null : String(f.ownerId),
        teamId: f.teamId == null ? null : String(f.teamId),
        region: f.region ?? null,
        productId: f.productId == null ? null : String(f.productId),
        campaignId: f.campaignId == null ? null : String(f.campaignId),
        created: daysOf(ctx, ['createdFrom', 'createdTo'], f.createdFrom, f.createdTo),
        closes: daysOf(ctx, ['closeFrom', 'closeTo'], f.closeFrom, f.closeTo),
      };
      const order = args.orderBy
        ? { by: args.orderBy.by, descending: args.orderBy.descending ?? false }
        : { by: 'CREATED_AT' as const, descending: true };
      const signature = listSignature(['opportunities', filter, order]);
      const { first, after } = paging(args, signature);
      const asOf = after?.asOf ?? ctx.now;
      const page = await opportunityPage(ctx.store, { filter, order, first, after });
      return connection(page.rows, { ...page, after, signature, asOf }, () =>
        opportunityCount(ctx.store, filter),
      );
    },
  }),
  handoffs: t.field({
    type: HandoffConnectionRef,
    description:
      'MQL handoffs, filtered and sorted (default: latest handoff first), keyset-paged. Statuses are judged at the moment the first page was read, and that instant travels in the cursor, so paging never repeats or skips a handoff whose deadline passes meanwhile. breached: true to the sla.sales rep’s counts: the same handoffs as closedBreaches + openBreaches.',
    args: {
      filter: t.arg({ type: HandoffListFilterInput, description: 'Which handoffs.' }),
      orderBy: t.arg({
        type: HandoffOrderInput,
        description: 'The order; default HANDED_OFF_AT descending.',
      }),
      first: t.arg.int({ defaultValue: 50, description: `Page size, 0 to ${maxPage}.` }),
      after: t.arg.string({ description: 'endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const f = args.filter ?? {};
      const filter = {
        // An empty list asks for no status in particular, as an omitted one does.
        statuses: f.status?.length ? (f.status as HandoffSlaStatus[]) : null,
        breached: f.breached ?? null,
        sentBack: f.sentBack ?? null,
        sentBackReason: f.sentBackReason ?? null,
        ownerId: f.ownerId == null ? null : String(f.ownerId),
        teamId: f.teamId == null ? null : String(f.teamId),
        region: f.region ?? null,
        handedOff: daysOf(ctx, ['handedOffFrom', 'handedOffTo'], f.handedOffFrom, f.handedOffTo),
      };
      const order = args.orderBy
        ? { by: args.orderBy.by, descending: args.orderBy.descending ?? false }
        : { by: 'HANDED_OFF_AT' as const, descending: true };
      const signature = listSignature(['handoffs', filter, order]);
      const { first, after } = paging(args, signature);
      const asOf = after?.asOf ?? ctx.now;
      const page = await handoffPage(ctx.store, { filter, order, asOf, first, after });
      return connection(page.rows, { ...page, after, signature, asOf }, () =>
        handoffCount(ctx.store, filter, asOf),
      );
    },
  }),
}));
