/**
 * The scoring-matrix cell a person stood in when they were handed off (docs/domain.md "The
 * scoring matrix"): their fit grade then and the band of their score then, from the score events
 * up to the handoff instant. The matrix counts conversions by this cell, so that a lead handed off
 * hot and called a month later still counts where marketing sent them from, not in the cold band
 * decay has taken them to. Used by ingest for new handoffs and by migration 0006 for old ones.
 */

import type { Kysely } from 'kysely';
import { bandFromEvents, type CellModel } from '../domain/scoring.js';
import type { Database, HandoffTable } from './tables.js';

const chunk = 5_000;

/** Sets `fit_grade_at_handoff` and `band_at_handoff` on `handoffs`; `gradeOf` gives each person's grade now. */
export async function recordHandoffCells(
  db: Kysely<Database>,
  tenantId: string,
  handoffs: HandoffTable[],
  gradeOf: (personId: string) => string,
  model: Pick<CellModel, 'rules' | 'bandThresholds'>,
): Promise<void> {
  const personIds = [...new Set(handoffs.map((h) => h.person_id))];
  const events = new Map<string, { delta: number; occurredAt: number }[]>();
  for (let i = 0; i < personIds.length; i += chunk) {
    const rows = await db
      .selectFrom('score_events')
      .select(['person_id', 'delta', 'occurred_at'])
      // Person ids derive from source ids, which two tenants may share.
      .where('tenant_id', '=', tenantId)
      .where('person_id', 'in', personIds.slice(i, i + chunk))
      .execute();
    for (const row of rows) {
      const list = events.get(row.person_id) ?? [];
      list.push({ delta: Number(row.delta), occurredAt: Number(row.occurred_at) });
      events.set(row.person_id, list);
    }
  }
  for (const handoff of handoffs) {
    handoff.fit_grade_at_handoff = gradeOf(handoff.person_id);
    handoff.band_at_handoff = bandFromEvents(
      events.get(handoff.person_id) ?? [],
      handoff.handed_off_at,
      model,
    );
  }
}
