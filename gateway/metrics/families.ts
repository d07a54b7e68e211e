/**
 * The rollup families, declared once. A family is what one refresh recomputes in one transaction:
 * its tables, the monthly twins summed from them (months.ts) or packed from them
 * (distribution.ts), the raw rows whose days bound a rebuild, the marks that make it stale and its
 * builder. Refreshing (refresh.ts), marking (mark-change.ts), `tandem rollups rebuild --family` and the
 * test that compares every table with a rebuild (test/rollups/every-table.test.ts) all read this,
 * so a table added here is cleared, re-summed, rebuilt and checked without another list to keep.
 */

import type { DayRun } from '../rollups/calendar.js';
import type { DistributionName } from '../rollups/distribution.js';
import type { RollupFamily } from '../rollups/marks.js';
import type { MonthlyTable } from '../rollups/months.js';
import type { Definitions } from '../store/definitions.js';
import type { Database } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { refreshSlices } from './breakdown/slices-rollup.js';
import { refreshCampaigns } from './campaigns/rollup.js';
import { refreshFunnel } from './funnel/rollup.js';
import { refreshMatrix } from './lead-matrix/rollup.js';
import { refreshHandoffs } from './sla/handoffs-rollup.js';
import { refreshMilestoneDays } from './sla/milestones-rollup.js';

/** What a family's builder reads besides the rows: the definitions, the zone, the matrix's day. */
export interface BuildDefinitions extends Definitions {
  timeZone: string;
  /** The instant the matrix decays scores to: the start of the tenant's current local day. */
  asOf: number;
}

/**
 * Which days a write makes stale (mark-change.ts computes each kind): the created day of the people it
 * changed, the day of those people's handoffs, the day of the touches and won deals it moved, or
 * the created day of its people and the close day of its deals (the slices family).
 * `people` families are marked per person (rollup_dirty_people) and mark their own days on refresh.
 */
export type DirtyDays = 'created' | 'handed-off' | 'touched-or-closed' | 'created-or-closed' | 'people';

/**
 * The raw rows whose first and last instants bound the days a rebuild recomputes; null for a
 * family marked per person, whose rebuild marks the days its people's rows fall on.
 */
export type DataSpan = 'people' | 'handoffs' | 'touches-and-deals' | 'people-and-deals';

type DailyTable = Exclude<
  keyof Database & `rollup_${string}`,
  `${string}_month` | `rollup_${'dirty' | 'state'}${string}`
>;

export interface RollupFamilySpec {
  /** Every table the family fills per day (or per person), monthly twins excepted. */
  tables: readonly (DailyTable | 'person_milestones' | 'person_slices' | 'deal_slices')[];
  /** Its daily tables with a summed monthly twin, `<table>_month`. */
  monthly: readonly MonthlyTable[];
  /** Its distributions, whose monthly twins hold packed histograms. */
  distributions: readonly DistributionName[];
  dirtiedBy: DirtyDays;
  span: DataSpan | null;
  /** Whether the family's rows depend on the scoring model and the current day (the matrix). */
  scored: boolean;
  /** Recomputes the family's daily rows of the days in `run` from the raw rows. */
  build: (store: TenantStore, defs: BuildDefinitions, run: DayRun) => Promise<void>;
}

export const rollupFamilies = {
  cohort: {
    tables: ['rollup_cohort', 'rollup_funnel', 'rollup_velocity'],
    monthly: ['rollup_cohort', 'rollup_funnel'],
    distributions: ['velocity'],
    dirtiedBy: 'created',
    span: 'people',
    scored: false,
    build: refreshFunnel,
  },
  matrix: {
    tables: ['rollup_matrix'],
    monthly: ['rollup_matrix'],
    distributions: [],
    dirtiedBy: 'created',
    span: 'people',
    scored: true,
    build: refreshMatrix,
  },
  handoffs: {
    tables: ['rollup_handoffs', 'rollup_response'],
    monthly: ['rollup_handoffs'],
    distributions: ['response'],
    dirtiedBy: 'handed-off',
    span: 'handoffs',
    scored: false,
    build: refreshHandoffs,
  },
  milestones: {
    tables: ['rollup_milestones', 'rollup_campaign_entries', 'person_milestones'],
    monthly: ['rollup_milestones', 'rollup_campaign_entries'],
    distributions: [],
    dirtiedBy: 'people',
    span: null,
    scored: false,
    build: (store, defs, run) => refreshMilestoneDays(store, defs.timeZone, run),
  },
  campaigns: {
    tables: ['rollup_campaign_touches', 'rollup_attribution', 'rollup_won'],
    monthly: ['rollup_campaign_touches', 'rollup_attribution', 'rollup_won'],
    distributions: [],
    dirtiedBy: 'touched-or-closed',
    span: 'touches-and-deals',
    scored: false,
    build: refreshCampaigns,
  },
  slices: {
    tables: [
      'person_slices',
      'deal_slices',
      'rollup_slice_people',
      'rollup_slice_cohort',
      'rollup_slice_deals',
    ],
    monthly: ['rollup_slice_people', 'rollup_slice_cohort', 'rollup_slice_deals'],
    distributions: [],
    dirtiedBy: 'created-or-closed',
    span: 'people-and-deals',
    scored: false,
    build: refreshSlices,
  },
} as const satisfies Record<RollupFamily, RollupFamilySpec>;

export function familySpec(family: RollupFamily): RollupFamilySpec {
  return rollupFamilies[family];
}

/** Whether `name` names a family: for input from outside (the command line). */
export function isRollupFamily(name: string): name is RollupFamily {
  return Object.hasOwn(rollupFamilies, name);
}

/** Every table a family fills, its monthly and packed twins included. */
export function familyTablesOf(family: RollupFamily): (keyof Database)[] {
  const spec = familySpec(family);
  const packed = spec.distributions.map((name) => `rollup_${name}_month` as keyof Database);
  return [...spec.tables, ...spec.monthly.map((t) => `${t}_month` as keyof Database), ...packed];
}
