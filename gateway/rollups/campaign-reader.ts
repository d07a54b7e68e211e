/**
 * The campaign metrics' view of the rollups for one range of days (metrics/campaign-funnel.ts
 * `CampaignRollups`): the schema hands it to campaignRoi when the rollups answer, so the metrics
 * read rollup rows without importing the rollups layer above them.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { CampaignRollups } from '../metrics/campaign-funnel.js';
import type { DayRange } from '../metrics/filter.js';
import type { Database } from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import { attributionFromRollups } from './campaigns.js';
import { rollupRows } from './months.js';

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
