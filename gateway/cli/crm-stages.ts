/**
 * `tandem crm-stages --tenant acme [--file stages.json] [--lost-deals nurture|stay]`: how the
 * tenant's CRM stage names read (open, won or lost, and a probability), and where a lost deal
 * leaves its primary person (docs/onboarding.md "Users, products and deals"). Without a file it
 * prints the map in force: the tenant's own entries, then the built-in names they leave as they are.
 *
 * The file replaces the tenant's entries whole:
 *   { "stages": { "Verbal Commit": { "status": "open", "probability": 0.9 },
 *                 "Closed - Signed": { "status": "won" } },
 *     "lostDeals": "stay" }
 */
import { readFile } from 'node:fs/promises';
import { type StoreOptions, UsageError } from '../config.js';
import {
  type CrmStage,
  crmStageKey,
  defaultCrmStages,
  type LostDealPolicy,
  lostDealPolicies,
} from '../domain/crm-stages.js';
import { CrmStagesError, parseCrmStagesFile, updateCrmStages } from '../loop/crm-stages.js';
import type { CrmSettings } from '../store/crm-stages.js';
import { TenantStore } from '../store/tenant-store.js';
import { requireTenant } from './import.js';
import { openMigratedDatabase } from './open-store.js';

export interface CrmStagesOptions extends StoreOptions {
  tenant: string;
  file?: string;
  lostDeals?: string;
}

/** The file's entries (gateway/loop/crm-stages.ts rules), or a UsageError naming the file, the stage and what is wrong. */
export function parseStagesFile(
  json: unknown,
  where: string,
): { stages: CrmStage[]; lostDeals?: LostDealPolicy } {
  try {
    return parseCrmStagesFile(json);
  } catch (error) {
    if (error instanceof CrmStagesError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
}

export async function crmStagesCommand(options: CrmStagesOptions): Promise<void> {
  const lostDeals = options.lostDeals;
  if (lostDeals !== undefined && !(lostDealPolicies as readonly string[]).includes(lostDeals)) {
    throw new UsageError(`--lost-deals must be nurture or stay, got '${lostDeals}'`);
  }
  const file = options.file ? parseStagesFile(await readJson(options.file), options.file) : null;
  const database = await openMigratedDatabase(options);
  try {
    await requireTenant(database, options.tenant);
    const store = new TenantStore(database, options.tenant);
    const settings = await updateCrmStages(
      store,
      { stages: file?.stages, lostDeals: (lostDeals as LostDealPolicy | undefined) ?? file?.lostDeals },
      Date.now(),
    );
    console.log(describe(options.tenant, settings));
  } finally {
    await database.close();
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

function describe(tenant: string, settings: CrmSettings): string {
  const line = (stage: CrmStage) =>
    `  ${stage.name.padEnd(24)} ${stage.status.padEnd(5)} ${stage.probability}`;
  const own = new Set(settings.stages.map((stage) => crmStageKey(stage.name)));
  const builtIn = defaultCrmStages.filter((stage) => !own.has(crmStageKey(stage.name)));
  return [
    `${tenant}: a lost deal ${settings.lostDealMovesTo === 'nurture' ? 'sends its primary person back to nurture' : 'leaves its primary person where they are'} (--lost-deals ${settings.lostDealMovesTo})`,
    `the tenant's stages (${settings.stages.length}):`,
    ...settings.stages.map(line),
    'built-in stages (names match whatever their case and spacing):',
    ...builtIn.map(line),
  ].join('\n');
}
