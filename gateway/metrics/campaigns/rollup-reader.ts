/**
 * The campaign metrics' view of the rollups for one range of days (metrics/campaigns/funnel.ts
 * `CampaignRollups`): the schema hands it to campaignRoi when the rollups answer, so the metrics
 * read rollup rows without importing the rollups layer above them.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { DayRange } from '../../rollups/calendar.js';
import { rollupRows } from '../../rollups/months.js';
import type { Database } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { CampaignRollups } from './funnel.js';
import { attributionFromRollups } from './rollup.js';

export function campaignRollups(store: TenantStore, days: DayRange): CampaignRollups {
  return {
    // The union of a twin and a daily table has no single row type: the metrics select by name.
    rows: (table) =>
      rollupRows(store.db, table, days) as unknown as SelectQueryBuilder<
        Database,
        never,
        Record<string, unknown>
      >,
    attribution: (model) => attributionFromRollups(store, days, model),
  };
}
