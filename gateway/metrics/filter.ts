/**
 * The common filter of every metric: a date range in the tenant's time zone and the slices both
 * teams cut by (segment, region, channel, campaign, owner or team, lifecycle stage). It narrows
 * the *people* a metric counts; each metric says which of their dates the range applies to.
 */
import { startOfLocalDay } from '../domain/time-zone.js';
import type { DayRange } from '../rollups/calendar.js';
import type { PersonSlices } from '../store/person-slices.js';

/** The slices (store/person-slices.ts) and a date range. */
export interface MetricsFilter extends PersonSlices {
  /** First local day included, YYYY-MM-DD. */
  from?: string | null;
  /** Last local day included, YYYY-MM-DD. */
  to?: string | null;
}

/** A filter's date range as instants: [fromMs, toMs). Open ends are ±∞ as safe integers. */
export interface Range {
  fromMs: number;
  toMs: number;
}

const dayMs = 86_400_000;

export function rangeOf(filter: MetricsFilter, timeZone: string): Range {
  const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
  return {
    fromMs: filter.from ? startOfLocalDay(day(filter.from), timeZone) : 0,
    toMs: filter.to ? startOfLocalDay(day(filter.to) + 1, timeZone) : Number.MAX_SAFE_INTEGER,
  };
}

/** Open ends as the widest 32-bit integers: day columns are integers on PostgreSQL. */
const openDays = { first: -(2 ** 31), last: 2 ** 31 - 1 };

/** A filter's range as local day numbers, inclusive; open ends stay open. */
export function dayRangeOf(filter: MetricsFilter): DayRange {
  const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / dayMs);
  return {
    first: filter.from ? day(filter.from) : openDays.first,
    last: filter.to ? day(filter.to) : openDays.last,
  };
}

/** Whether the filter slices people (beyond its dates): the rollups keep only whole-tenant days. */
export function hasSlices(filter: MetricsFilter): boolean {
  const { segment, region, channel, campaignId, ownerId, teamId, stage, leadSource } = filter;
  return [segment, region, channel, campaignId, ownerId, teamId, stage, leadSource].some((value) => !!value);
}

/** The filter's slices as one condition on a person aliased `p` (the store's row scopes share it). */
export { personMatches } from '../store/person-slices.js';
