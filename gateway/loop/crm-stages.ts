/**
 * Changing a tenant's CRM stage map and lost-deal policy: the rules `tandem crm-stages --file`
 * and the `updateCrmStages` mutation share (docs/onboarding.md "Users, products and deals").
 * Each stage is a name (1–200 characters), a status (open, won or lost) and a probability 0–1
 * that an open stage must give; two names that fold to one key (case, spaces and punctuation
 * aside) are one stage and refused. The map replaces the tenant's entries whole.
 */
import { z } from 'zod';
import { type CrmStage, crmStageKey, type LostDealPolicy, lostDealPolicies } from '../domain/crm-stages.js';
import { describeIssues } from '../ingest/ingest.js';
import { type CrmSettings, loadCrmSettings, saveCrmSettings } from '../store/crm-stages.js';
import type { TenantStore } from '../store/tenant-store.js';

/** A stage map refused, with what is wrong (`stages.Demo: an open stage needs its probability…`). */
export class CrmStagesError extends Error {
  override name = 'CrmStagesError';
  readonly code = 'BAD_CRM_STAGES';
}

const stageName = z.string().trim().min(1).max(200);

const stageEntry = z
  .object({
    status: z.enum(['open', 'won', 'lost']),
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

const stagesFile = z
  .object({
    stages: z.record(z.string(), z.unknown()),
    lostDeals: z.enum(lostDealPolicies as [LostDealPolicy, ...LostDealPolicy[]]).optional(),
  })
  .strict();

/** Each `[name, { status, probability }]` checked, in order; the first mistake is refused. */
export function checkCrmStages(entries: Iterable<[string, unknown]>): CrmStage[] {
  const seen = new Map<string, string>();
  const stages: CrmStage[] = [];
  for (const [written, value] of entries) {
    const name = stageName.safeParse(written);
    if (!name.success)
      throw new CrmStagesError(`stages: ${JSON.stringify(written)}: ${describeIssues(name.error)}`);
    const entry = stageEntry.safeParse(value);
    if (!entry.success) {
      const where = (path: PropertyKey[]) => ['stages', written, ...path.map(String)].join('.');
      throw new CrmStagesError(
        entry.error.issues.map((issue) => `${where(issue.path)}: ${issue.message}`).join('; '),
      );
    }
    const key = crmStageKey(written);
    const twin = seen.get(key);
    if (twin !== undefined) {
      throw new CrmStagesError(
        `'${written}' and '${twin}' are one stage (case, spaces and punctuation aside): keep one`,
      );
    }
    seen.set(key, written);
    const { status, probability } = entry.data;
    if (status === 'open' && probability === undefined)
      throw new CrmStagesError(`stages.${written}: an open stage needs its probability, 0 to 1 (e.g. 0.4)`);
    stages.push({ name: written, status, probability: probability ?? (status === 'won' ? 1 : 0) });
  }
  return stages;
}

/** A stages file (`{ "stages": { "Verbal Commit": { "status": "open", "probability": 0.9 } } }`). */
export function parseCrmStagesFile(json: unknown): { stages: CrmStage[]; lostDeals?: LostDealPolicy } {
  const parsed = stagesFile.safeParse(json);
  if (!parsed.success) throw new CrmStagesError(describeIssues(parsed.error));
  return { stages: checkCrmStages(Object.entries(parsed.data.stages)), lostDeals: parsed.data.lostDeals };
}

/**
 * Saves what `change` gives over what the tenant has, under the tenant's write lock
 * (store/crm-stages.ts): concurrent saves each leave one map whole. Returns the settings now.
 */
export async function updateCrmStages(
  store: TenantStore,
  change: { stages?: CrmStage[]; lostDeals?: LostDealPolicy },
  now: number,
): Promise<CrmSettings> {
  if (change.stages !== undefined || change.lostDeals !== undefined)
    await saveCrmSettings(store, { stages: change.stages, lostDealMovesTo: change.lostDeals }, now);
  return loadCrmSettings(store);
}
