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
import { z } from 'zod';
import { type StoreOptions, UsageError } from '../config.js';
import {
  type CrmStage,
  crmStageKey,
  defaultCrmStages,
  type LostDealPolicy,
  lostDealPolicies,
} from '../domain/crm-stages.js';
import { describeIssues } from '../ingest/ingest.js';
import { loadCrmSettings, saveCrmSettings } from '../store/crm-stages.js';
import { TenantStore } from '../store/tenant-store.js';
import { requireTenant } from './import.js';
import { openMigratedDatabase } from './open-store.js';

export interface CrmStagesOptions extends StoreOptions {
  tenant: string;
  file?: string;
  lostDeals?: string;
}

const stageEntry = z
  .object({
    status: z.enum(['open', 'won', 'lost']),
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

const stagesFile = z
  .object({
    stages: z.record(z.string().trim().min(1).max(200), stageEntry),
    lostDeals: z.enum(['nurture', 'stay']).optional(),
  })
  .strict();

/** The file's entries, or a UsageError naming the stage and what is wrong with it. */
export function parseStagesFile(
  json: unknown,
  where: string,
): { stages: CrmStage[]; lostDeals?: LostDealPolicy } {
  const parsed = stagesFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`${where}: ${describeIssues(parsed.error)}`);
  const seen = new Map<string, string>();
  const stages: CrmStage[] = [];
  for (const [name, entry] of Object.entries(parsed.data.stages)) {
    const key = crmStageKey(name);
    const twin = seen.get(key);
    if (twin !== undefined) {
      throw new UsageError(
        `${where}: '${name}' and '${twin}' are one stage (case, spaces and punctuation aside): keep one`,
      );
    }
    seen.set(key, name);
    if (entry.status === 'open' && entry.probability === undefined) {
      throw new UsageError(
        `${where}: stages.${name}: an open stage needs its probability, 0 to 1 (e.g. 0.4)`,
      );
    }
    const probability = entry.probability ?? (entry.status === 'won' ? 1 : 0);
    stages.push({ name, status: entry.status, probability });
  }
  return { stages, lostDeals: parsed.data.lostDeals };
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
    const current = await loadCrmSettings(store);
    if (file || lostDeals) {
      await saveCrmSettings(
        store,
        {
          stages: file?.stages ?? current.stages,
          lostDealMovesTo:
            (lostDeals as LostDealPolicy | undefined) ?? file?.lostDeals ?? current.lostDealMovesTo,
        },
        Date.now(),
      );
    }
    console.log(describe(options.tenant, await loadCrmSettings(store)));
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

function describe(tenant: string, settings: Awaited<ReturnType<typeof loadCrmSettings>>): string {
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
