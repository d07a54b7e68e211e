/**
 * A new scoring model re-evaluates everyone against the MQL threshold (docs/domain.md "MQL
 * threshold"): the people before the handoff stage whom the new model puts inside its MQL cell,
 * and the old one did not, become MQLs now, by the same rule a touch's points follow
 * (ingest/apply-threshold.ts). Runs inside the model's write transaction, after the rescore.
 */

import type { FitGrade } from '../domain/scoring.js';
import { inMqlCell } from '../domain/scoring.js';
import { handoffStage } from '../domain/stages.js';
import { type CellBefore, promoteOnCrossing } from '../ingest/apply-threshold.js';
import { IngestBatch } from '../ingest/batch.js';
import { IngestCaches } from '../ingest/caches.js';
import { loadHandoffs } from '../ingest/load.js';
import type { StoreChange } from '../store/changes.js';
import { loadDefinitions, type ScoringModel } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';

const chunk = 5_000;

/** Each person before the handoff stage, and their cell's inputs under `model` (the one being replaced). */
export async function cellsBeforeHandoff(
  store: TenantStore,
  model: ScoringModel,
): Promise<Map<string, CellBefore>> {
  const { stages } = await loadDefinitions(store);
  const handoff = stages.find((stage) => stage.key === handoffStage(stages));
  const keys = stages.filter((stage) => handoff && stage.position < handoff.position).map((s) => s.key);
  const before = new Map<string, CellBefore>();
  if (keys.length === 0) return before;
  const rows = await store.db
    .selectFrom('people')
    .select(['id', 'engagement_score', 'scored_at', 'fit_grade'])
    .where('stage', 'in', keys)
    .execute();
  for (const row of rows) {
    before.set(row.id, {
      stored: { score: row.engagement_score, scoredAt: row.scored_at },
      grade: row.fit_grade as FitGrade,
      model,
    });
  }
  return before;
}

/** Promotes the people of `before` whom the now-current model puts in its MQL cell at `now`. */
export async function promoteCrossings(
  store: TenantStore,
  before: Map<string, CellBefore>,
  now: number,
): Promise<StoreChange> {
  const definitions = await loadDefinitions(store);
  const batch = new IngestBatch(store, definitions, new IngestCaches());
  const ids = [...before.keys()];
  for (let i = 0; i < ids.length; i += chunk) {
    const rows = await store.db
      .selectFrom('people')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + chunk))
      .execute();
    for (const person of rows) {
      const stored = { score: person.engagement_score, scoredAt: person.scored_at };
      const inside = inMqlCell(stored, person.fit_grade as FitGrade, definitions.scoring, now);
      if (inside) batch.people.set(person.id, person);
    }
  }
  await loadHandoffs(batch, [...batch.people.keys()]);
  for (const person of batch.people.values()) promoteOnCrossing(batch, person, before.get(person.id)!, now);
  await batch.flush();
  return batch.change();
}
