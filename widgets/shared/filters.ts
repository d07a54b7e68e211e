/** The `MetricsFilter` GraphQL input, built from a widget's filter attributes. */
export interface MetricsFilter {
  from?: string;
  to?: string;
  segment?: string;
  region?: string;
  channel?: string;
  campaignId?: string;
  ownerId?: string;
  teamId?: string;
}

/** Widget attribute → MetricsFilter field. */
export const FILTER_FIELDS = {
  from: 'from',
  to: 'to',
  segment: 'segment',
  region: 'region',
  channel: 'channel',
  campaign: 'campaignId',
  owner: 'ownerId',
  team: 'teamId',
} as const satisfies Record<string, keyof MetricsFilter>;

export type FilterAttribute = keyof typeof FILTER_FIELDS;

/** Unset and empty attributes are omitted, so the gateway applies its own defaults. */
export function toMetricsFilter(source: Partial<Record<FilterAttribute, string | null>>): MetricsFilter {
  const filter: MetricsFilter = {};
  for (const [attribute, field] of Object.entries(FILTER_FIELDS) as [
    FilterAttribute,
    keyof MetricsFilter,
  ][]) {
    const value = source[attribute]?.trim();
    if (value) filter[field] = value;
  }
  return filter;
}
