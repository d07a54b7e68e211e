/**
 * What marketing does in Tandem itself once the demo's source data is in, which no connector
 * carries: the four prospect flags on the people it qualified before handing them off, and
 * monthly goals planned from last year's run rate, as a team sets goals it can hit.
 */

import { qualifyLead } from '../loop/leads.js';
import { updateSlaPolicy } from '../loop/sla-policy.js';
import { marketingCommitment } from '../metrics/sla-marketing.js';
import { loadDefinitions } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { tenantProfile } from './tenants.js';
import { DAY } from './timeline.js';

const seedActor = { name: 'Tandem demo seed', team: 'marketing' as const };
const allFlags = { icpFit: true, hasBudget: true, hasTimeframe: true, willingToEngage: true };

/** Sets the four flags on each prospect (by email), as of the handoff marketing qualified them for. */
export async function qualifyProspects(store: TenantStore, prospects: { email: string; at: number }[]) {
  for (let from = 0; from < prospects.length; from += 500) {
    const batch = prospects.slice(from, from + 500);
    const rows = await store.db
      .selectFrom('person_emails')
      .select(['email', 'person_id'])
      .where(
        'email',
        'in',
        batch.map((prospect) => prospect.email),
      )
      .execute();
    const personOf = new Map(rows.map((row) => [row.email, row.person_id]));
    for (const prospect of batch) {
      const personId = personOf.get(prospect.email);
      if (personId) await qualifyLead(store, personId, allFlags, { actor: seedActor, now: prospect.at });
    }
  }
}

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
