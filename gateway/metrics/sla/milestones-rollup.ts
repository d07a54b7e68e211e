/**
 * The milestone family: when each person first became a lead and an MQL (the marketing side of
 * the SLA, marketing.ts), kept per person in person_milestones, and how many did so per local
 * day in rollup_milestones. A write recomputes its people's milestones; the days they left and
 * the days they moved to are recounted.
 */
import { sql } from 'kysely';
import type { StageDefinition } from '../../domain/stages.js';
import { type DayRange, type DayRun, dayOf, instantsOf } from '../../rollups/calendar.js';
import { markDays } from '../../rollups/marks.js';
import { rollupRows } from '../../rollups/months.js';
import { chunks } from '../../store/chunks.js';
import { insertRows } from '../../store/insert-rows.js';
import type { PersonMilestonesTable, RollupCampaignEntriesTable } from '../../store/tables.js';
import type { TenantStore } from '../../store/tenant-store.js';
import { entryTouches, leadEntryOf, mqlEntryOf } from '../campaigns/entries.js';
import type { Range } from '../filter.js';
import { stageEntries } from '../funnel/entries.js';
import { firstAt, type MarketingCommitmentResult, milestonePositions, monthsCovered } from './marketing.js';

/** Past this many people, recomputing everyone in one statement beats lists of ids. */
const wholeTenantAbove = 5_000;

/**
 * Recomputes the milestones of `personIds` (every person when 'all') and marks the days whose
 * counts they change as dirty for the milestone family.
 */
export async function refreshPersonMilestones(
  store: TenantStore,
  defs: { timeZone: string; stages: StageDefinition[] },
  personIds: string[] | 'all',
): Promise<void> {
  const { db } = store;
  const { leadPosition, mqlPosition } = milestonePositions(defs.stages);
  const everyone = personIds === 'all' || personIds.length > wholeTenantAbove;
  const tenant_id = store.tenantId;
  // Everyone's (or these people's) milestones, by both definitions, keyed by person.
  const compute = async (ids?: string[]) => {
    const [marketing, campaignLeads, campaignMqls] = await Promise.all([
      db
        .with('entries', () => stageEntries(db, { filter: {}, stages: defs.stages, personIds: ids }))
        .selectFrom('entries as e')
        .select(['e.person_id', firstAt(leadPosition).as('lead_at'), firstAt(mqlPosition).as('mql_at')])
        .groupBy('e.person_id')
        .execute(),
      entryTouches(store, leadEntryOf(store, defs.stages, 'p.id'), { filter: {}, personIds: ids }).execute(),
      entryTouches(store, mqlEntryOf(store, 'p.id'), { filter: {}, personIds: ids }).execute(),
    ]);
    const rows = new Map<string, PersonMilestonesTable>();
    const rowOf = (person_id: string) => {
      let row = rows.get(person_id);
      if (!row) {
        row = {
          tenant_id,
          person_id,
          lead_at: null,
          mql_at: null,
          campaign_lead_at: null,
          campaign_lead_id: null,
          campaign_mql_at: null,
          campaign_mql_id: null,
        };
        rows.set(person_id, row);
      }
      return row;
    };
    const instant = (at: number | null) => (at === null ? null : Number(at));
    for (const m of marketing) {
      const row = rowOf(m.person_id);
      row.lead_at = instant(m.lead_at);
      row.mql_at = instant(m.mql_at);
    }
    for (const e of campaignLeads) {
      const row = rowOf(e.person_id);
      row.campaign_lead_at = instant(e.entered_at);
      row.campaign_lead_id = e.campaign_id;
    }
    for (const e of campaignMqls) {
      const row = rowOf(e.person_id);
      row.campaign_mql_at = instant(e.entered_at);
      row.campaign_mql_id = e.campaign_id;
    }
    return [...rows.values()];
  };
  const fresh = everyone
    ? await compute()
    : (await Promise.all(chunks(personIds as string[], 500).map((ids) => compute(ids)))).flat();
  const stored = everyone
    ? await db.selectFrom('person_milestones').selectAll().execute()
    : (
        await Promise.all(
          chunks(personIds as string[], 500).map((ids) =>
            db.selectFrom('person_milestones').selectAll().where('person_id', 'in', ids).execute(),
          ),
        )
      ).flat();

  const before = new Map(stored.map((row) => [row.person_id, row]));
  const days = new Set<number>();
  const instants = (row: PersonMilestonesTable) =>
    [row.lead_at, row.mql_at, row.campaign_lead_at, row.campaign_mql_at].map((at) =>
      at === null ? null : Number(at),
    );
  const markDaysOf = (row: PersonMilestonesTable) => {
    for (const at of instants(row)) if (at !== null) days.add(dayOf(at, defs.timeZone));
  };
  const changed: PersonMilestonesTable[] = [];
  const seen = new Set<string>();
  for (const row of fresh) {
    seen.add(row.person_id);
    const old = before.get(row.person_id);
    if (
      old &&
      JSON.stringify(instants(old)) === JSON.stringify(instants(row)) &&
      old.campaign_lead_id === row.campaign_lead_id &&
      old.campaign_mql_id === row.campaign_mql_id
    )
      continue;
    markDaysOf(row);
    if (old) markDaysOf(old);
    changed.push(row);
  }
  // People who no longer have any entry (deleted upstream) leave their days too.
  const gone = stored.filter((row) => !seen.has(row.person_id));
  for (const row of gone) markDaysOf(row);
  const removed = [...changed.map((row) => row.person_id), ...gone.map((row) => row.person_id)];
  for (const ids of chunks(removed, 500)) {
    await db.deleteFrom('person_milestones').where('person_id', 'in', ids).execute();
  }
  await insertRows(db, 'person_milestones', changed);
  // Handoffs per campaign are kept by handoff day (refreshCampaignEntryDays): a write to these
  // people (a new handoff, a send-back, a new lead-creation campaign) changes their handoffs' days.
  const handoffDays = (ids?: string[]) =>
    db
      .selectFrom('handoffs')
      .select('handed_off_at')
      .$if(ids !== undefined, (q) => q.where('person_id', 'in', ids!))
      .execute();
  const handoffs = everyone
    ? await handoffDays()
    : (await Promise.all(chunks(personIds as string[], 500).map((ids) => handoffDays(ids)))).flat();
  for (const row of handoffs) days.add(dayOf(Number(row.handed_off_at), defs.timeZone));
  await markDays(store, 'milestones', days);
}

/** Recounts the leads and MQLs of the days in `run` from person_milestones. */
export async function refreshMilestoneDays(store: TenantStore, timeZone: string, run: DayRun): Promise<void> {
  const { db } = store;
  const range = instantsOf(run, timeZone);
  await db
    .deleteFrom('rollup_milestones')
    .where('day', '>=', run.first)
    .where('day', '<=', run.last)
    .execute();
  const within = (column: 'lead_at' | 'mql_at') =>
    db
      .selectFrom('person_milestones')
      .select(`${column} as at`)
      .where(column, '>=', range.fromMs)
      .where(column, '<', range.toMs)
      .execute();
  const [leads, mqls] = await Promise.all([within('lead_at'), within('mql_at')]);
  const byDay = new Map<number, { leads: number; mqls: number }>();
  const countOn = (at: number | null, kind: 'leads' | 'mqls') => {
    const day = dayOf(Number(at), timeZone);
    let row = byDay.get(day);
    if (!row) {
      row = { leads: 0, mqls: 0 };
      byDay.set(day, row);
    }
    row[kind]++;
  };
  for (const row of leads) countOn(row.at, 'leads');
  for (const row of mqls) countOn(row.at, 'mqls');
  const rows = [...byDay].map(([day, counts]) => ({ tenant_id: store.tenantId, day, ...counts }));
  await insertRows(db, 'rollup_milestones', rows);
  await refreshCampaignEntryDays(store, timeZone, run);
}

/** Recounts, per day and campaign, the people whose campaign lead / MQL entry fell on that day. */
async function refreshCampaignEntryDays(store: TenantStore, timeZone: string, run: DayRun): Promise<void> {
  const { db } = store;
  const range = instantsOf(run, timeZone);
  await db
    .deleteFrom('rollup_campaign_entries')
    .where('day', '>=', run.first)
    .where('day', '<=', run.last)
    .execute();
  const entries = (at: 'campaign_lead_at' | 'campaign_mql_at', id: 'campaign_lead_id' | 'campaign_mql_id') =>
    db
      .selectFrom('person_milestones')
      .select([`${at} as at`, `${id} as campaign_id`])
      .where(at, '>=', range.fromMs)
      .where(at, '<', range.toMs)
      .where(id, 'is not', null)
      .execute();
  // A handoff's campaign is its person's lead-creation campaign (docs/domain.md), counted on the
  // handoff's day: the range's handoffs, each person's milestone looked up by key.
  const handoffs = db
    .selectFrom('handoffs as h')
    .innerJoin('person_milestones as pm', 'pm.person_id', 'h.person_id')
    .select(['h.handed_off_at as at', 'pm.campaign_lead_id as campaign_id', 'h.sent_back_at'])
    .where('h.handed_off_at', '>=', range.fromMs)
    .where('h.handed_off_at', '<', range.toMs)
    .where('pm.campaign_lead_id', 'is not', null)
    .execute();
  const [leads, mqls, handed] = await Promise.all([
    entries('campaign_lead_at', 'campaign_lead_id'),
    entries('campaign_mql_at', 'campaign_mql_id'),
    handoffs,
  ]);
  const cells = new Map<string, RollupCampaignEntriesTable>();
  type Measure = 'leads' | 'mqls' | 'handoffs' | 'sent_back';
  const count = (row: { at: number | null; campaign_id: string | null }, kind: Measure) => {
    const day = dayOf(Number(row.at), timeZone);
    const key = `${day}\u0000${row.campaign_id}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        tenant_id: store.tenantId,
        day,
        campaign_id: row.campaign_id!,
        leads: 0,
        mqls: 0,
        handoffs: 0,
        sent_back: 0,
      };
      cells.set(key, cell);
    }
    cell[kind]++;
  };
  for (const row of leads) count(row, 'leads');
  for (const row of mqls) count(row, 'mqls');
  for (const row of handed) {
    count(row, 'handoffs');
    if (row.sent_back_at !== null) count(row, 'sent_back');
  }
  await insertRows(db, 'rollup_campaign_entries', [...cells.values()]);
}

/** The marketing side of the SLA (marketing.ts) from the rollups, in one statement. */
export async function marketingCommitmentFromRollups(
  store: TenantStore,
  days: DayRange,
  range: Range,
  calendar: { timeZone: string; now: number },
): Promise<MarketingCommitmentResult> {
  const total = (column: string) => sql<number>`cast(coalesce(sum(${sql.raw(column)}), 0) as integer)`;
  const { db } = store;
  const row = await db
    .selectFrom(rollupRows(db, 'rollup_handoffs', days).as('h'))
    .select((eb) => [
      total('h.handoffs').as('handoffs'),
      total('h.accepted').as('accepted'),
      total('h.sent_back').as('sent_back'),
      total('h.outcome_known').as('outcome_known'),
      total('h.qualified').as('qualified'),
      total('h.prospects').as('prospects'),
      total('h.prospects_accepted').as('prospects_accepted'),
      total('h.prospects_outcome_known').as('prospects_outcome_known'),
      total('h.prospects_qualified').as('prospects_qualified'),
      eb
        .selectFrom(rollupRows(db, 'rollup_milestones', days).as('m'))
        .select(total('m.leads').as('v'))
        .as('leads'),
      eb
        .selectFrom(rollupRows(db, 'rollup_milestones', days).as('m'))
        .select(total('m.mqls').as('v'))
        .as('mqls'),
      // Where an open range's months start: the first lead ever.
      eb
        .selectFrom('person_milestones as pm')
        .select((s) => s.fn.min('pm.lead_at').as('v'))
        .as('first_lead_at'),
    ])
    .executeTakeFirstOrThrow();
  return {
    months: monthsCovered(range, row.first_lead_at == null ? null : Number(row.first_lead_at), calendar),
    leads: Number(row.leads ?? 0),
    mqls: Number(row.mqls ?? 0),
    handoffs: Number(row.handoffs),
    accepted: Number(row.accepted),
    sentBack: Number(row.sent_back),
    outcomeKnown: Number(row.outcome_known),
    qualified: Number(row.qualified),
    prospects: {
      handoffs: Number(row.prospects),
      accepted: Number(row.prospects_accepted),
      outcomeKnown: Number(row.prospects_outcome_known),
      qualified: Number(row.prospects_qualified),
    },
  };
}
