/**
 * A tenant's CRM choices (migration 0010): its own stage map, read over the built-in names
 * (gateway/domain/crm-stages.ts), and where a lost deal leaves its primary person.
 */
import {
  type CrmStage,
  CrmStageMap,
  type CrmStageStatus,
  crmStageKey,
  type LostDealPolicy,
} from '../domain/crm-stages.js';
import type { TenantStore } from './tenant-store.js';

export interface CrmSettings {
  /** The tenant's own entries (without the defaults), by name. */
  stages: CrmStage[];
  /** The tenant's entries over the defaults. */
  map: CrmStageMap;
  lostDealMovesTo: LostDealPolicy;
}

export async function loadCrmSettings(store: TenantStore): Promise<CrmSettings> {
  const rows = await store.db.selectFrom('crm_stages').selectAll().orderBy('name').execute();
  const stages = rows.map((row) => ({
    name: row.name,
    status: row.status as CrmStageStatus,
    probability: Number(row.probability),
  }));
  const settings = await store.db.selectFrom('crm_settings').selectAll().executeTakeFirst();
  return {
    stages,
    map: new CrmStageMap(stages),
    lostDealMovesTo: (settings?.lost_deal_moves_to as LostDealPolicy | undefined) ?? 'nurture',
  };
}

/**
 * Replaces the tenant's stage map and lost-deal policy, in one transaction; a part left out stays
 * as it is, read under the same lock (a save of the policy alone never puts back a map another
 * save just replaced). Deals already stored keep the state they were written with; the next
 * import or sync of a deal reads the new map.
 */
export async function saveCrmSettings(
  store: TenantStore,
  change: { stages?: CrmStage[]; lostDealMovesTo?: LostDealPolicy },
  now: number,
): Promise<void> {
  // Under the tenant's write lock: two saves at once would each delete, then insert the same keys.
  await store.transaction(
    async (trx) => {
      const current =
        change.stages === undefined || change.lostDealMovesTo === undefined
          ? await loadCrmSettings(trx)
          : null;
      const settings = {
        stages: change.stages ?? current!.stages,
        lostDealMovesTo: change.lostDealMovesTo ?? current!.lostDealMovesTo,
      };
      await trx.db.deleteFrom('crm_stages').execute();
      const byKey = new Map(settings.stages.map((stage) => [crmStageKey(stage.name), stage]));
      if (byKey.size) {
        await trx.db
          .insertInto('crm_stages')
          .values(
            [...byKey].map(([key, stage]) => ({
              tenant_id: store.tenantId,
              stage_key: key,
              name: stage.name,
              status: stage.status,
              probability: stage.probability,
            })),
          )
          .execute();
      }
      await trx.db
        .insertInto('crm_settings')
        .values({ tenant_id: store.tenantId, lost_deal_moves_to: settings.lostDealMovesTo, updated_at: now })
        .onConflict((oc) =>
          oc
            .column('tenant_id')
            .doUpdateSet({ lost_deal_moves_to: settings.lostDealMovesTo, updated_at: now }),
        )
        .execute();
    },
    { lockTenant: true },
  );
}
