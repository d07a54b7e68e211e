/**
 * The demo's MQLs against the product's MQL threshold (docs/domain.md "MQL threshold"): which
 * handoffs Tandem's threshold made, and whether each is one the story planned (the story's own
 * Marketo 'mql' stage change follows it within minutes) or one nobody in the story works. The plan
 * is read from the generated records: a Marketo MQL announced for someone the threshold already
 * made an MQL changes nothing in the store (no "MQL → MQL" step), so only the records show it.
 */
import type { SourceRecordInput } from '../../../gateway/ingest/records.js';
import type { TenantStore } from '../../../gateway/store/tenant-store.js';

/** The tipping touch comes 1 to 15 minutes before the story's MQL (gateway/seed/engagement.ts). */
const window = 15 * 60_000;

export async function measureThresholdMqls(store: TenantStore, records: Iterable<SourceRecordInput>) {
  const announced: { sourceId: string; at: number }[] = [];
  for (const record of records) {
    if (record.kind !== 'stageChange' || record.system !== 'marketo' || record.to !== 'mql') continue;
    const person = record.person as { sourceId?: string };
    if (person.sourceId)
      announced.push({ sourceId: person.sourceId, at: Date.parse(String(record.occurredAt)) });
  }
  const identities = await store.db
    .selectFrom('person_identities')
    .select(['source_id', 'person_id'])
    .where('system', '=', 'marketo')
    .where('object_type', '=', 'ma_lead')
    .execute();
  const personOf = new Map(identities.map((identity) => [identity.source_id, identity.person_id]));
  const story = announced.map((mql) => ({ person_id: personOf.get(mql.sourceId), occurred_at: mql.at }));
  const transitions = await store.db
    .selectFrom('stage_transitions')
    .select(['person_id', 'occurred_at', 'by_team', 'reason'])
    .where('to_stage', '=', 'mql')
    .execute();
  const handoffs = await store.db.selectFrom('handoffs').select(['person_id', 'handed_off_at']).execute();
  const byThreshold = transitions.filter((t) => t.by_team === 'system' && t.reason === 'score threshold');
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
