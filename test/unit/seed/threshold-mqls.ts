/**
 * The demo's MQLs against the product's MQL threshold (docs/domain.md "MQL threshold"): which
 * handoffs Tandem's threshold made, and whether each is one the story planned (Marketo's own
 * 'mql' stage change follows it within minutes) or one nobody in the story works.
 */
import type { TenantStore } from '../../../gateway/store/tenant-store.js';

/** The tipping touch comes 1 to 15 minutes before the story's MQL (gateway/seed/engagement.ts). */
const window = 15 * 60_000;

export async function measureThresholdMqls(store: TenantStore) {
  const transitions = await store.db
    .selectFrom('stage_transitions')
    .select(['person_id', 'occurred_at', 'by_team', 'reason', 'source_system'])
    .where('to_stage', '=', 'mql')
    .execute();
  const handoffs = await store.db.selectFrom('handoffs').select(['person_id', 'handed_off_at']).execute();
  const byThreshold = transitions.filter((t) => t.by_team === 'system' && t.reason === 'score threshold');
  const story = transitions.filter((t) => t.source_system === 'marketo');
  const plannedAfter = (personId: string, at: number) =>
    story.some((t) => t.person_id === personId && t.occurred_at >= at && t.occurred_at - at <= window);
  return {
    byThreshold: byThreshold.length,
    /** Threshold MQLs the story never hands off: no Marketo MQL follows them. */
    unplanned: byThreshold.filter((t) => !plannedAfter(t.person_id, t.occurred_at)).length,
    handoffs: handoffs.length,
    /** Handoffs the story planned: each of Marketo's MQLs opens one, or finds the threshold's open. */
    planned: story.length,
    /** Handoffs no Marketo MQL stands for. */
    unplannedHandoffs: handoffs.filter((h) => !plannedAfter(h.person_id, h.handed_off_at)).length,
  };
}
