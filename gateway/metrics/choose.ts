/**
 * The one choice every metric makes between its rollup and its raw query. Rollups hold
 * whole-tenant days: a filter with slices (segment, owner, channel…) or a token with row scopes
 * computes from the raw rows instead, as does a gateway started with rollups off (the benchmark's
 * raw baseline). Each metric's index.ts asks `rollupsFor` and calls one or the other.
 */
import type { Definitions } from '../store/definitions.js';
import { narrows } from '../store/row-scope.js';
import type { TenantStore } from '../store/tenant-store.js';
import { hasSlices, type MetricsFilter, type Range } from './filter.js';
import { matrixInstant, type RollupDefinitions, refreshRollups, staleFamilies } from './refresh.js';

/** What a metric needs of the request to choose: its store and, once per request, fresh rollups. */
export interface MetricRequest {
  store: TenantStore;
  /** freshRollups for this request (memoised by the server); null when it reads raw rows. */
  rollups(): Promise<RollupDefinitions | null>;
}

/** What every metric is asked: a filter, its range as instants, the definitions in force, the clock. */
export interface MetricQuery {
  filter: MetricsFilter;
  range: Range;
  definitions: Definitions;
  /** The tenant's zone: the days the range and the rollups are counted in. */
  timeZone: string;
  now: number;
}

/** The rollup definitions to answer `filter` with, or null for the raw query. */
export async function rollupsFor(
  request: MetricRequest,
  filter: MetricsFilter,
): Promise<RollupDefinitions | null> {
  return hasSlices(filter) ? null : request.rollups();
}

/** The request's rollup definitions once they are fresh; null when the request reads raw rows. */
export async function freshRollups(
  store: TenantStore,
  definitions: Definitions,
  timeZone: string,
  now: number,
): Promise<RollupDefinitions | null> {
  if (narrows(store.scopes)) return null;
  const defs = { ...definitions, timeZone, asOf: matrixInstant(now, timeZone) };
  const stale = await staleFamilies(store, defs);
  if (stale.length > 0) await refreshRollups(store, { now, defs, families: stale });
  return defs;
}
