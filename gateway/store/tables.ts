/**
 * The revenue store's tables, as Kysely sees them. One model for both dialects:
 * - every table carries `tenant_id`, and the tenant store (tenant-store.ts) adds it to every query;
 * - instants are epoch milliseconds (`*_at`, integer): arithmetic, ranges and indexes behave the
 *   same on SQLite and PostgreSQL, and no driver converts time zones behind our back;
 * - calendar dates and periods are ISO text (`YYYY-MM-DD`, `YYYY-MM`);
 * - ids are text with a type prefix (`per_`, `acc_`...), derived from the source identity so that
 *   the same input always yields the same ids (seeding is deterministic, replays are idempotent).
 */

/** 0 or 1: SQLite has no boolean, and PostgreSQL stores our flags as smallint for the same reason. */
export type Flag = number;

export interface TenantTable {
  id: string;
  name: string;
  time_zone: string;
  currency: string;
  created_at: number;
  /**
   * Month the fiscal year starts in, 1 (January) to 12 (migration 0009, default 1). Left out of
   * inserts unless set, so that upgrade tests can create tenants in a schema from before it.
   */
  fiscal_year_start?: number;
  /** Write transactions committed (migration 0014, store/write.ts); left out of inserts likewise. */
  writes?: number;
}

export interface TeamTable {
  tenant_id: string;
  id: string;
  name: string;
  /** 'sales' | 'marketing' */
  function: string;
}

export interface UserTable {
  tenant_id: string;
  id: string;
  team_id: string | null;
  name: string;
  email: string;
  /** The job as the company names it ("SDR", "Marketing Manager"); migration 0010. */
  role?: string | null;
  /** The user's region or office (migration 0010). */
  region?: string | null;
  /** Their manager, another user (migration 0010). */
  manager_id?: string | null;
}

/** What a company sells (migration 0010): deals may name one, so revenue splits by product. */
export interface ProductTable {
  tenant_id: string;
  id: string;
  name: string;
  family: string | null;
  list_price: number | null;
  source_system: string;
  source_id: string;
}

/** The tenant's own reading of its CRM's stage names (migration 0010; gateway/domain/crm-stages.ts). */
export interface CrmStageTable {
  tenant_id: string;
  /** The name folded to lower-case letters and digits: "Closed Won" and "closedwon" are one stage. */
  stage_key: string;
  /** The name as the tenant wrote it. */
  name: string;
  /** 'open' | 'won' | 'lost' */
  status: string;
  probability: number;
}

/** Per-tenant CRM choices (migration 0010): where a lost deal leaves its primary person. */
export interface CrmSettingsTable {
  tenant_id: string;
  /** 'nurture' | 'stay' */
  lost_deal_moves_to: string;
  updated_at: number;
}

export interface AccountTable {
  tenant_id: string;
  id: string;
  name: string;
  /** Normalised (lower case, no scheme, no `www.`): the key accounts are matched on. */
  domain: string | null;
  industry: string | null;
  employees: number | null;
  region: string | null;
  segment: string | null;
  owner_id: string | null;
  created_at: number;
  updated_at: number;
  /** JSON: field → { system, sourceId, at } of the record that last set it. */
  provenance: string;
}

export interface PersonTable {
  tenant_id: string;
  id: string;
  account_id: string | null;
  /** Normalised primary email; every known address is in person_emails. */
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  department: string | null;
  region: string | null;
  lead_source: string | null;
  owner_id: string | null;
  /** Current lifecycle stage key and when it was entered. */
  stage: string;
  stage_entered_at: number;
  /** Fit grade A–D and decayed engagement score, as of scored_at. */
  fit_grade: string;
  engagement_score: number;
  scored_at: number;
  /** The four qualification flags marketing sets before handoff (docs/domain.md "prospect"). */
  icp_fit: Flag;
  has_budget: Flag;
  has_timeframe: Flag;
  willing_to_engage: Flag;
  created_at: number;
  updated_at: number;
  provenance: string;
}

/** Every id a human has in a source system: a CRM lead, then a CRM contact, an MA lead... */
export interface PersonIdentityTable {
  tenant_id: string;
  system: string;
  /** 'lead' | 'contact' | 'ma_lead' | 'record' */
  object_type: string;
  source_id: string;
  person_id: string;
}

export interface PersonEmailTable {
  tenant_id: string;
  email: string;
  person_id: string;
}

export interface AccountIdentityTable {
  tenant_id: string;
  system: string;
  source_id: string;
  account_id: string;
}

export interface CampaignTable {
  tenant_id: string;
  id: string;
  name: string;
  channel: string;
  parent_id: string | null;
  starts_on: string | null;
  ends_on: string | null;
  source_system: string;
  source_id: string;
}

export interface CampaignCostTable {
  tenant_id: string;
  campaign_id: string;
  /** 'YYYY-MM' */
  period: string;
  amount: number;
}

export interface TouchTable {
  tenant_id: string;
  id: string;
  person_id: string;
  account_id: string | null;
  campaign_id: string | null;
  /** email, paid_search, paid_social, organic_search, webinar, event, content, direct, referral */
  channel: string;
  /** A TouchType of gateway/domain/scoring.ts */
  type: string;
  url: string | null;
  occurred_at: number;
  source_system: string;
  source_id: string;
}

export interface ActivityTable {
  tenant_id: string;
  id: string;
  person_id: string;
  account_id: string | null;
  user_id: string | null;
  /** call | email | meeting | task */
  type: string;
  subject: string | null;
  occurred_at: number;
  source_system: string;
  source_id: string;
}

export interface StageTransitionTable {
  tenant_id: string;
  id: string;
  person_id: string;
  from_stage: string | null;
  to_stage: string;
  occurred_at: number;
  /** 'sales' | 'marketing' | 'system' */
  by_team: string;
  by_user_id: string | null;
  reason: string | null;
  /** 1 when sales sent the person back to marketing. */
  is_recycle: Flag;
  source_system: string;
  source_id: string;
}

/** One MQL handoff to sales and its SLA clock, kept current as activities arrive. */
export interface HandoffTable {
  tenant_id: string;
  id: string;
  person_id: string;
  owner_id: string | null;
  handed_off_at: number;
  /** handed_off_at + the policy's target, in business hours. */
  deadline_at: number;
  first_touch_at: number | null;
  /** Business hours from handoff to first touch (the SLA response), null while untouched. */
  response_hours: number | null;
  accepted_at: number | null;
  sent_back_at: number | null;
  sent_back_reason: string | null;
  /**
   * The person's scoring-matrix cell when handed off (migration 0006): the matrix counts their
   * conversion there. Null on a row written before it, until the migration back-fills it; left
   * out only by rows built outside ingest (tests), which then count at the current cell.
   */
  fit_grade_at_handoff?: string | null;
  band_at_handoff?: number | null;
  policy_version: number;
  /**
   * 1 when the person had all four prospect flags at handoff time (migration 0007; 0 by default).
   * Ingest always sets it; rows built outside ingest for an older schema (upgrade tests) leave it out.
   */
  is_prospect?: Flag;
  /**
   * When the write that opened the handoff happened (migration 0011); NULL on older rows. Later
   * than deadline_at: history, never announced as a live breach (domain/sla-breach.ts `isHistory`).
   */
  recorded_at?: number | null;
}

export interface OpportunityTable {
  tenant_id: string;
  id: string;
  account_id: string | null;
  primary_person_id: string | null;
  campaign_id: string | null;
  owner_id: string | null;
  name: string;
  /** Null when the CRM gave none (an open deal not priced yet): unknown, not 0 (migration 0010). */
  amount: number | null;
  gross_profit: number | null;
  /** The CRM's stage name, as the CRM wrote it. */
  stage: string;
  probability: number;
  created_at: number;
  closed_at: number | null;
  is_closed: Flag;
  is_won: Flag;
  loss_reason: string | null;
  source_system: string;
  source_id: string;
  /** Migration 0010; left out only by rows built outside ingest for an older schema. */
  product_id?: string | null;
  /** When an open deal is forecast to close (migration 0010). */
  expected_close_at?: number | null;
}

export interface OpportunityStageTable {
  tenant_id: string;
  opportunity_id: string;
  stage: string;
  /** Null while the deal's amount was unknown (migration 0010). */
  amount: number | null;
  occurred_at: number;
}

/** The shared stage definitions, versioned: the current ladder is the highest version. */
export interface LifecycleStageTable {
  tenant_id: string;
  version: number;
  key: string;
  label: string;
  position: number;
  owner_team: string;
  entry_criteria: string;
  created_at: number;
  created_by: string | null;
}

/** Scoring model versions; changing rules inserts a version and rescores everyone. */
export interface ScoringModelTable {
  tenant_id: string;
  version: number;
  /** JSON ScoringRules (gateway/domain/scoring.ts). */
  rules: string;
  /** JSON FitCriterion[] */
  fit_criteria: string;
  /** JSON [number, number, number] */
  band_thresholds: string;
  mql_min_grade: string;
  mql_max_band: number;
  created_at: number;
  created_by: string | null;
}

export interface SlaPolicyTable {
  tenant_id: string;
  version: number;
  target_hours: number;
  time_zone: string;
  /** JSON ISO weekdays, e.g. [1,2,3,4,5] */
  business_days: string;
  start_hour: number;
  end_hour: number;
  /** JSON ['YYYY-MM-DD', ...] */
  holidays: string;
  monthly_lead_goal: number;
  monthly_mql_goal: number;
  red_below: number;
  amber_below: number;
  created_at: number;
  created_by: string | null;
}

/** Every change of a person's engagement score and why. */
export interface ScoreEventTable {
  tenant_id: string;
  person_id: string;
  occurred_at: number;
  delta: number;
  reason: string;
  model_version: number;
  /** The touch that earned it (migration 0004, unique): a touch is scored once, whoever delivers it. */
  touch_id?: string | null;
}

export interface SyncCursorTable {
  tenant_id: string;
  source: string;
  stream: string;
  cursor: string;
  updated_at: number;
}

/** A day (or, for person-keyed families, nothing but the family) whose rollups are stale. */
export interface RollupDirtyTable {
  tenant_id: string;
  family: string;
  day: number;
}

export interface RollupDirtyPeopleTable {
  tenant_id: string;
  person_id: string;
}

/** The definitions a rollup family was built with; a different signature rebuilds it. */
export interface RollupStateTable {
  tenant_id: string;
  family: string;
  signature: string;
  built_at: number;
}

/** People created on a local day (the funnel's cohort). */
export interface RollupCohortTable {
  tenant_id: string;
  day: number;
  entered: number;
}

/** Of the people created on `day`: how many reached ladder position `position`, and recycles out of it. */
export interface RollupFunnelTable {
  tenant_id: string;
  day: number;
  position: number;
  reached: number;
  recycled_back: number;
}

/** Of the people created on `day`: how many took `days` whole days from `position` to the next. */
export interface RollupVelocityTable {
  tenant_id: string;
  day: number;
  position: number;
  days: number;
  people: number;
}

/** Of the people created on `day`: the scoring matrix cell counts, as of the family's instant. */
export interface RollupMatrixTable {
  tenant_id: string;
  day: number;
  fit_grade: string;
  band: number;
  people: number;
  /** People whose conversion cell (docs/domain.md "The scoring matrix") is this one: what reached_sql and won count. */
  conversion_base: number;
  reached_sql: number;
  won: number;
}

/** Handoffs made on `day` to `owner_id` ('' for none) and their outcomes. */
export interface RollupHandoffsTable {
  tenant_id: string;
  day: number;
  owner_id: string;
  handoffs: number;
  followed: number;
  closed_breaches: number;
  accepted: number;
  sent_back: number;
  outcome_known: number;
  qualified: number;
  /** The same four counts for the handoffs of prospects (is_prospect = 1). */
  prospects: number;
  prospects_accepted: number;
  prospects_outcome_known: number;
  prospects_qualified: number;
}

/** Of the handoffs made on `day` to `owner_id`: how many got a response of exactly `hours`. */
export interface RollupResponseTable {
  tenant_id: string;
  day: number;
  owner_id: string;
  hours: number;
  handoffs: number;
}

/**
 * A distribution's monthly twin (gateway/rollups/distribution.ts): per local month and key, the
 * month's histogram as sorted (value, count) doubles.
 */
export interface PackedMonthTable {
  tenant_id: string;
  month: number;
  bins: Uint8Array;
}

/** When a person first became a lead and an MQL (marketing's SLA definitions), null when never. */
export interface PersonMilestonesTable {
  tenant_id: string;
  person_id: string;
  lead_at: number | null;
  mql_at: number | null;
  /** Campaign ROI's lead entry (first move to lead or beyond) and the campaign of the touch before it. */
  campaign_lead_at: number | null;
  campaign_lead_id: string | null;
  /** Campaign ROI's MQL entry (first handoff) and the campaign of the touch before it. */
  campaign_mql_at: number | null;
  campaign_mql_id: string | null;
}

/** People whose campaign lead / MQL entry fell on `day` with `campaign_id`'s touch before it. */
export interface RollupCampaignEntriesTable {
  tenant_id: string;
  day: number;
  campaign_id: string;
  leads: number;
  mqls: number;
  /** Handoffs made on the day whose person's lead-creation campaign is this one. */
  handoffs: number;
  /** Of those handoffs, the ones sent back (by now). */
  sent_back: number;
}

/** Touches of a campaign on a local day. */
export interface RollupCampaignTouchesTable {
  tenant_id: string;
  day: number;
  campaign_id: string;
  touches: number;
}

/** Won deals closed on `day`: revenue credited to `campaign_id` under `model`. */
export interface RollupAttributionTable {
  tenant_id: string;
  day: number;
  model: string;
  campaign_id: string;
  revenue: number;
  gross_profit: number;
  new_customers: number;
}

/** Won deals closed on `day`: their revenue, and what `model` left unattributed or outside campaigns. */
export interface RollupWonTable {
  tenant_id: string;
  day: number;
  model: string;
  won_revenue: number;
  unattributed_revenue: number;
  non_campaign_revenue: number;
}

/** People who became leads and MQLs on a local day. */
export interface RollupMilestonesTable {
  tenant_id: string;
  day: number;
  leads: number;
  mqls: number;
}

/** A person's slice (the pre-aggregated dimensions, '' for none) and local days, as the slices family last counted them. */
export interface SliceKeys {
  lead_source: string;
  segment: string;
  region: string;
  fit_grade: string;
}

/** What a person adds to the slices family (metrics/breakdown/slices-rollup.ts): days null when never. */
export interface PersonSlicesTable extends SliceKeys {
  tenant_id: string;
  person_id: string;
  created_day: number;
  lead_day: number | null;
  mql_day: number | null;
  sql_day: number | null;
  /** Highest ladder position the person entered; null when none on the ladder. */
  top: number | null;
}

/** What a closed deal adds to the slices family, on its close day, with its primary person's slice. */
export interface DealSlicesTable extends SliceKeys {
  tenant_id: string;
  deal_id: string;
  person_id: string | null;
  /** The primary person's creation day: a refresh of that day recounts the person's deals. */
  person_day: number | null;
  day: number;
  won: number;
  lost: number;
  revenue: number;
  cycle_days: number;
}

/** People of a slice who first became leads, MQLs and SQLs on a local day. */
export interface RollupSlicePeopleTable extends SliceKeys {
  tenant_id: string;
  day: number;
  /** The dimension the row is grouped by ('LEAD_SOURCE'…, the other keys ''), or '*' for all four. */
  grouping: string;
  leads: number;
  mqls: number;
  sqls: number;
}

/** People of a slice created on a local day whose highest ladder position is `top`. */
export interface RollupSliceCohortTable extends SliceKeys {
  tenant_id: string;
  day: number;
  /** The dimension the row is grouped by ('LEAD_SOURCE'…, the other keys ''), or '*' for all four. */
  grouping: string;
  top: number;
  people: number;
}

/** Deals of a slice closed on a local day: won, lost, won revenue and won deals' cycle days summed. */
export interface RollupSliceDealsTable extends SliceKeys {
  tenant_id: string;
  day: number;
  /** The dimension the row is grouped by ('LEAD_SOURCE'…, the other keys ''), or '*' for all four. */
  grouping: string;
  won: number;
  lost: number;
  revenue: number;
  cycle_days: number;
}

/** A daily rollup's monthly twin: the same row with `month` (year × 12 + month − 1) for `day`. */
export type MonthTwin<T extends { day: number }> = Omit<T, 'day'> & { month: number };

/** A change of a shared definition, applied or proposed for sign-off (migration 0008; gateway/loop/definition-changes.ts). */
export interface DefinitionChangeTable {
  tenant_id: string;
  id: string;
  kind: string;
  status: string;
  based_on_version: number;
  version: number | null;
  /** JSON: the whole definition proposed or applied. */
  definition: string;
  proposed_by: string;
  proposed_function: string | null;
  proposed_at: number;
  decided_by: string | null;
  decided_function: string | null;
  decided_at: number | null;
  reason: string | null;
}

/** Whether a tenant's definition changes need the other team's sign-off (migration 0008). */
export interface DefinitionSettingsTable {
  tenant_id: string;
  needs_approval: number;
  updated_at: number;
  updated_by: string;
}

export interface Database {
  definition_changes: DefinitionChangeTable;
  definition_settings: DefinitionSettingsTable;
  tenants: TenantTable;
  teams: TeamTable;
  users: UserTable;
  accounts: AccountTable;
  account_identities: AccountIdentityTable;
  people: PersonTable;
  person_identities: PersonIdentityTable;
  person_emails: PersonEmailTable;
  campaigns: CampaignTable;
  campaign_costs: CampaignCostTable;
  touches: TouchTable;
  activities: ActivityTable;
  stage_transitions: StageTransitionTable;
  handoffs: HandoffTable;
  opportunities: OpportunityTable;
  opportunity_stages: OpportunityStageTable;
  products: ProductTable;
  crm_stages: CrmStageTable;
  crm_settings: CrmSettingsTable;
  lifecycle_stages: LifecycleStageTable;
  scoring_models: ScoringModelTable;
  sla_policies: SlaPolicyTable;
  score_events: ScoreEventTable;
  sync_cursors: SyncCursorTable;
  rollup_dirty: RollupDirtyTable;
  rollup_dirty_people: RollupDirtyPeopleTable;
  rollup_state: RollupStateTable;
  rollup_cohort: RollupCohortTable;
  rollup_funnel: RollupFunnelTable;
  rollup_velocity: RollupVelocityTable;
  rollup_velocity_month: PackedMonthTable & { position: number };
  rollup_matrix: RollupMatrixTable;
  rollup_handoffs: RollupHandoffsTable;
  rollup_response: RollupResponseTable;
  rollup_response_month: PackedMonthTable & { owner_id: string };
  person_milestones: PersonMilestonesTable;
  rollup_milestones: RollupMilestonesTable;
  rollup_campaign_entries: RollupCampaignEntriesTable;
  rollup_campaign_touches: RollupCampaignTouchesTable;
  rollup_attribution: RollupAttributionTable;
  rollup_won: RollupWonTable;
  rollup_cohort_month: MonthTwin<RollupCohortTable>;
  rollup_funnel_month: MonthTwin<RollupFunnelTable>;
  rollup_matrix_month: MonthTwin<RollupMatrixTable>;
  rollup_handoffs_month: MonthTwin<RollupHandoffsTable>;
  rollup_milestones_month: MonthTwin<RollupMilestonesTable>;
  rollup_campaign_entries_month: MonthTwin<RollupCampaignEntriesTable>;
  rollup_campaign_touches_month: MonthTwin<RollupCampaignTouchesTable>;
  rollup_attribution_month: MonthTwin<RollupAttributionTable>;
  rollup_won_month: MonthTwin<RollupWonTable>;
  person_slices: PersonSlicesTable;
  deal_slices: DealSlicesTable;
  rollup_slice_people: RollupSlicePeopleTable;
  rollup_slice_cohort: RollupSliceCohortTable;
  rollup_slice_deals: RollupSliceDealsTable;
  rollup_slice_people_month: MonthTwin<RollupSlicePeopleTable>;
  rollup_slice_cohort_month: MonthTwin<RollupSliceCohortTable>;
  rollup_slice_deals_month: MonthTwin<RollupSliceDealsTable>;
}

/** Tables that hold a tenant's data (all but `tenants`). */
export type TenantTableName = Exclude<keyof Database, 'tenants'>;
