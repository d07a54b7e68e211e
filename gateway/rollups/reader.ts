/**
 * Whether a request reads rollups, and making sure they are fresh when it does. Rollups hold
 * whole-tenant days: a filter with slices (segment, owner, channel…) or a token with row scopes
 * computes from the raw rows instead, as does a gateway started with rollups off (the benchmark's
 * raw baseline).
 */
import type { MetricsFilter } from '../metrics/filter.js';
import { hasSlices } from '../metrics/filter.js';
import type { Definitions } from '../store/definitions.js';
import { narrows } from '../store/row-scope.js';
import type { TenantStore } from '../store/tenant-store.js';
import { matrixInstant, type RollupDefinitions, refreshRollups, staleFamilies } from './refresh.js';

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

/** Whether rollups can answer this filter (they keep no slices). */
export function rollupsAnswer(filter: MetricsFilter): boolean {
  return !hasSlices(filter);
}
