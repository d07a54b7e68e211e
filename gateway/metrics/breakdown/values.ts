/**
 * Dimension values: what values a dimension has, with a label and how many people (or deals, for
 * a deal's own dimensions) carry each, for pickers; and the labels of the values a breakdown's
 * rows hold. One statement per dimension.
 */

import { sql } from 'kysely';
import { channelLabel } from '../../domain/channel-label.js';
import type { StageDefinition } from '../../domain/stages.js';
import type { TenantStore } from '../../store/tenant-store.js';
import type { Dimension } from './catalog.js';
import { dealKey, dealOwnDimensions, keyColumn, personKeys } from './dimensions.js';

export interface DimensionValue {
  /** '' is "none" (a person without a lead source, a deal without a loss reason). */
  value: string;
  label: string;
  /** People with the value; deals for STAGE, LOSS_REASON, DEAL_OWNER and PRODUCT. */
  count: number;
}

export const noneLabel = '(none)';

export async function dimensionValues(
  store: TenantStore,
  dimension: Dimension,
  stages: StageDefinition[],
): Promise<DimensionValue[]> {
  const rows = dealOwnDimensions.includes(dimension)
    ? await store.db
        .selectFrom('opportunities as o')
        .select([
          sql<string>`coalesce(cast(${dealKey(dimension)} as text), '')`.as('value'),
          sql<number>`count(*)`.as('count'),
        ])
        .groupBy(sql`coalesce(cast(${dealKey(dimension)} as text), '')`)
        .execute()
    : await store.db
        .with('person_keys', () => personKeys(store.db, [dimension]))
        .selectFrom('person_keys as pk')
        .select([
          sql<string>`${sql.ref(`pk.${keyColumn(0)}`)}`.as('value'),
          sql<number>`count(distinct ${sql.ref('pk.person_id')})`.as('count'),
        ])
        .groupBy(sql.ref(`pk.${keyColumn(0)}`))
        .execute();
  const labels = await labelsOf(
    store,
    dimension,
    rows.map((r) => String(r.value)),
    stages,
  );
  return rows
    .map((row) => ({
      value: String(row.value),
      label: labels.get(String(row.value))!,
      count: Number(row.count),
    }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/** Labels of a dimension's values: names for ids (users, teams, campaigns, products), stage and channel labels, else the value. */
export async function labelsOf(
  store: TenantStore,
  dimension: Dimension,
  values: string[],
  stages: StageDefinition[],
): Promise<Map<string, string>> {
  const ids = [...new Set(values.filter((v) => v !== ''))];
  const labels = new Map(values.map((v) => [v, v === '' ? noneLabel : v]));
  if (ids.length === 0) return labels;
  const named = async (table: 'users' | 'teams' | 'campaigns' | 'products') => {
    const rows = await store.db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
    for (const row of rows) labels.set(row.id, row.name);
  };
  if (dimension === 'OWNER' || dimension === 'DEAL_OWNER') await named('users');
  else if (dimension === 'TEAM') await named('teams');
  else if (dimension === 'CAMPAIGN') await named('campaigns');
  else if (dimension === 'PRODUCT') await named('products');
  else if (dimension === 'CHANNEL') for (const id of ids) labels.set(id, channelLabel(id));
  else if (dimension === 'LIFECYCLE_STAGE') {
    for (const stage of stages) if (labels.has(stage.key)) labels.set(stage.key, stage.label);
  }
  return labels;
}
