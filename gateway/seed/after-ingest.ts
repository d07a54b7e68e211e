/**
 * What marketing does in Tandem itself once the demo's source data is in: monthly goals planned
 * from last year's run rate, as a team sets goals it can hit. (The prospect flags arrive with the
 * people's records, before each handoff: people.ts prospectFlags.)
 */

import { updateSlaPolicy } from '../loop/sla-policy.js';
import { marketingCommitment } from '../metrics/sla/marketing.js';
import { loadDefinitions } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { tenantProfile } from './tenants.js';
import { DAY } from './timeline.js';

const seedActor = { name: 'Tandem demo seed', team: 'marketing' as const };

/** Monthly lead and MQL goals at last year's monthly run rate, rounded: reachable, not given. */
export async function setReachableGoals(store: TenantStore, now: number): Promise<void> {
  const { stages } = await loadDefinitions(store);
  const timeZone = tenantProfile(store.tenantId).timeZone;
  const lastYear = await marketingCommitment(store, {}, { fromMs: now - 365 * DAY, toMs: now }, stages, {
    timeZone,
    now,
  });
  // Round numbers, as people set goals, but never so coarse that rounding alone misses by 15 %.
  const goal = (count: number) => {
    const rate = count / lastYear.months;
    const step = rate >= 100 ? 10 : rate >= 20 ? 5 : 1;
    return Math.max(1, Math.round(rate / step) * step);
  };
  await updateSlaPolicy(
    store,
    { monthlyLeadGoal: goal(lastYear.leads), monthlyMqlGoal: goal(lastYear.mqls) },
    { actor: seedActor, now },
  );
}
