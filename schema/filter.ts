/**
 * The `MetricsFilter` input every metric takes, and `resolveFilter`, the one place it is checked
 * and turned into instants. Funnel, SLA, revenue, scoring and campaign modules import both, so a
 * filter means the same thing (and fails the same way) on every widget.
 */
import { createGraphQLError } from 'graphql-yoga';
import { type MetricsFilter, type Range, rangeOf } from '../gateway/metrics/filter.js';
import type { Definitions } from '../gateway/store/definitions.js';
import { builder, type Context } from './builder.js';

export const MetricsFilterInput = builder.inputType('MetricsFilter', {
  description:
    'Narrows a metric to a date range and to slices both teams cut by. Every field is optional; ' +
    'the slices narrow the *people* counted, and each metric says which of their dates the range applies to.',
  fields: (t) => ({
    from: t.field({
      type: 'Date',
      description:
        "First local day included, in the tenant's time zone (from 00:00 that day). Omit for no lower bound.",
    }),
    to: t.field({
      type: 'Date',
      description:
        "Last local day included, in the tenant's time zone (up to 24:00 that day). Omit for no upper bound.",
    }),
    segment: t.string({ description: "The person's account segment: Enterprise, Mid-market or SMB." }),
    region: t.string({ description: "The person's region, else their account's region." }),
    channel: t.string({
      description: 'People with at least one touch in this channel (email, paid_search, webinar...).',
    }),
    campaignId: t.id({ description: 'People with at least one touch in this campaign.' }),
    ownerId: t.id({ description: 'People owned by this user.' }),
    teamId: t.id({ description: 'People owned by a member of this team.' }),
    stage: t.string({
      description:
        'People whose current lifecycle stage has this key (e.g. `mql`); must be a stage of the current ladder.',
    }),
    leadSource: t.string({
      description:
        'People whose original lead source (Person.leadSource: organic search, referral, list import...) is exactly this value, as their source system wrote it. Not a touch channel: see `channel`.',
    }),
  }),
});

/** What the GraphQL input arrives as (every field optional and nullable). */
export type MetricsFilterArg = typeof MetricsFilterInput.$inferInput;

export interface ResolvedFilter {
  filter: MetricsFilter;
  /** The filter's days as instants [fromMs, toMs) in the tenant's time zone; open ends are 0 and MAX_SAFE_INTEGER. */
  range: Range;
  /** The tenant's current definitions, already loaded for the check (memoised per request). */
  definitions: Definitions;
}

/**
 * Checks a filter against the tenant's definitions and resolves its days to instants.
 * Errors: BAD_RANGE when `from` is after `to`, UNKNOWN_STAGE when `stage` is not on the ladder.
 */
export async function resolveFilter(
  arg: MetricsFilterArg | null | undefined,
  ctx: Context,
): Promise<ResolvedFilter> {
  const filter: MetricsFilter = {
    from: arg?.from ?? null,
    to: arg?.to ?? null,
    segment: arg?.segment ?? null,
    region: arg?.region ?? null,
    channel: arg?.channel ?? null,
    campaignId: arg?.campaignId == null ? null : String(arg.campaignId),
    ownerId: arg?.ownerId == null ? null : String(arg.ownerId),
    teamId: arg?.teamId == null ? null : String(arg.teamId),
    stage: arg?.stage ?? null,
    leadSource: arg?.leadSource ?? null,
  };
  // ISO days compare correctly as text.
  if (filter.from && filter.to && filter.from > filter.to) {
    throw createGraphQLError(`\`from\` ${filter.from} is after \`to\` ${filter.to}`, {
      extensions: { code: 'BAD_RANGE' },
    });
  }
  const definitions = await ctx.definitions();
  if (filter.stage && !definitions.stages.some((s) => s.key === filter.stage)) {
    const keys = definitions.stages.map((s) => s.key).join(', ');
    throw createGraphQLError(`unknown stage '${filter.stage}' (stages: ${keys})`, {
      extensions: { code: 'UNKNOWN_STAGE' },
    });
  }
  return { filter, range: rangeOf(filter, ctx.tenant.time_zone), definitions };
}
