/**
 * One batch of source records as a unit of work: everything the batch refers to is loaded in a
 * few queries up front, records are applied in memory in order, and the result is written back
 * in a few multi-row statements inside one transaction. A batch is all or nothing.
 */
import { emptyChange, type HandoffEvent, type HandoffEventKind, type StoreChange } from '../store/changes.js';
import type { CrmSettings } from '../store/crm-stages.js';
import type { Definitions, SlaPolicy } from '../store/definitions.js';
import { recordHandoffCells } from '../store/handoff-cells.js';
import { columnsExcept, insertRows, updateRows } from '../store/insert-rows.js';
import type {
  AccountIdentityTable,
  AccountTable,
  ActivityTable,
  CampaignCostTable,
  CampaignTable,
  Database,
  HandoffTable,
  OpportunityStageTable,
  OpportunityTable,
  PersonEmailTable,
  PersonIdentityTable,
  PersonTable,
  ProductTable,
  ScoreEventTable,
  StageTransitionTable,
  TeamTable,
  TouchTable,
  UserTable,
} from '../store/tables.js';
import type { TenantStore } from '../store/tenant-store.js';
import type { IngestCaches } from './caches.js';
import { normaliseDomain, normaliseEmail } from './normalise.js';
import type { Provenance } from './provenance.js';
import type { AccountRef, PersonRef, SourceRecord } from './records.js';

export interface RejectedRecord {
  /** Position of the record in the input, from 0 (for a CSV: the data row, from 0). */
  index: number;
  kind: string;
  sourceId: string | null;
  reason: string;
  /** For a reference that names nothing: the record's field (`['person', 'email']`) and its value. */
  reference?: RejectedReference;
}

export interface RejectedReference {
  path: string[];
  value: string;
}

export class RecordRejected extends Error {
  constructor(
    message: string,
    /** The reference the record was refused for, so a CSV import can name its column. */
    readonly reference?: RejectedReference,
  ) {
    super(message);
  }
}

/**
 * A record written all the same, with something the reader should know: an owner email that
 * names no user, a product nobody imported, a date taken from elsewhere. `field` is the record's
 * field, `value` what it held.
 */
export interface RecordWarning {
  index: number;
  kind: string;
  sourceId: string | null;
  /** Groups warnings of one sort in a summary, e.g. `unknownOwner`, `createdAtFromRecord`. */
  code: string;
  field: string;
  value: string | null;
  /** Of the value when there is one (`is not a user: …`), else of the record (`no created date: …`). */
  message: string;
}

/** `ownerEmail 'zed@x.com' is not a user: written without an owner`, or the message alone. */
export function warningText(warning: RecordWarning): string {
  return warning.value === null ? warning.message : `${warning.field} '${warning.value}' ${warning.message}`;
}

export class IngestBatch {
  /** The moment of this write (IngestOptions.now): a handoff due before it is history (domain/sla-breach.ts). */
  recordedAt = Date.now();
  /** IngestOptions.replay: each handoff is recorded when it was made, as a live tenant's would be. */
  replay = false;
  /** The tenant's IANA zone (set by ingest.ts writeBatch): dates in warnings are its local dates. */
  timeZone = 'UTC';
  readonly people = new Map<string, PersonTable>();
  readonly dirtyPeople = new Set<string>();
  /**
   * The people as stored before this batch, by id (load.ts): flush writes back only the columns
   * that changed. A person without one here (new, or loaded elsewhere) is written whole.
   */
  readonly storedPeople = new Map<string, PersonTable>();
  readonly accounts = new Map<string, AccountTable>();
  readonly dirtyAccounts = new Set<string>();
  /** Handoffs of the people in this batch, by person, oldest first. */
  readonly handoffs = new Map<string, HandoffTable[]>();
  readonly dirtyHandoffs = new Set<HandoffTable>();
  /** The handoffs as stored before this batch, by id: what `change()` compares against. */
  readonly storedHandoffs = new Map<string, HandoffTable>();
  /** Older SLA policies the loaded handoffs were made under, by version (the current one is in `definitions`). */
  readonly slaPolicies = new Map<number, SlaPolicy>();
  /** Ids of touches, activities and transitions that are already stored: replays skip them. */
  readonly existing = new Set<string>();
  /** People who already had an email open scored (for "first open only"). */
  readonly openedEmail = new Set<string>();

  readonly teams = new Map<string, TeamTable>();
  readonly users = new Map<string, UserTable>();
  readonly products = new Map<string, ProductTable>();
  /** What the records applied so far were warned about (see RecordWarning). */
  readonly warnings: RecordWarning[] = [];
  /** The record being applied, which warnings name (set by ingest.ts writeBatch). */
  current: { index: number; kind: string; sourceId: string | null } = { index: 0, kind: '', sourceId: null };
  /** The tenant's CRM stage map and lost-deal policy, loaded when the batch has deals (load.ts). */
  crm: CrmSettings | null = null;
  readonly campaigns = new Map<string, CampaignTable>();
  readonly campaignCosts = new Map<string, CampaignCostTable>();
  readonly accountIdentities: AccountIdentityTable[] = [];
  readonly identities: PersonIdentityTable[] = [];
  readonly emails: PersonEmailTable[] = [];
  readonly touches: TouchTable[] = [];
  readonly scoreEvents: ScoreEventTable[] = [];
  readonly transitions: StageTransitionTable[] = [];
  readonly activities: ActivityTable[] = [];
  /** By id: a later record of the same deal in one batch replaces the earlier one. */
  readonly opportunities = new Map<string, OpportunityTable>();
  readonly opportunityStages: OpportunityStageTable[] = [];
  duplicates = 0;
  /** People this batch created (not merged into one already stored). */
  newPeople = 0;
  /** Parsed provenance of the people and accounts this batch merged into, written back on flush. */
  private readonly provenances = new Map<PersonTable | AccountTable, Provenance>();

  constructor(
    readonly store: TenantStore,
    readonly definitions: Definitions,
    readonly caches: IngestCaches,
  ) {}

  get tenantId(): string {
    return this.store.tenantId;
  }

  /** The person a reference (the record's `field`) points at, or a rejection naming the reference. */
  personFor(ref: PersonRef, field = 'person'): PersonTable {
    const id =
      'email' in ref
        ? this.caches.personByEmail.get(normaliseEmail(ref.email)!)
        : this.caches.personByIdentity.get(identityKey(ref.system, ref.objectType, ref.sourceId));
    const person = id ? this.people.get(id) : undefined;
    if (!person) {
      const name = 'email' in ref ? `email ${ref.email}` : `${ref.system} ${ref.objectType} ${ref.sourceId}`;
      const reference =
        'email' in ref
          ? { path: [field, 'email'], value: ref.email }
          : { path: [field, 'sourceId'], value: ref.sourceId };
      throw new RecordRejected(`unknown person (${name}): send the person record first`, reference);
    }
    return person;
  }

  accountIdFor(ref: AccountRef | null | undefined): string | null {
    if (!ref) return null;
    if ('domain' in ref) return this.caches.accountByDomain.get(normaliseDomain(ref.domain) ?? '') ?? null;
    return this.caches.accountByIdentity.get(`${ref.system}\u0000${ref.sourceId}`) ?? null;
  }

  userIdFor(email: string | null | undefined): string | null {
    return email ? (this.caches.userByEmail.get(normaliseEmail(email)!) ?? null) : null;
  }

  /** The user an owner email names; one that names nobody is warned about, and the row kept. */
  ownerIdFor(email: string | null | undefined, field = 'ownerEmail'): string | null {
    const id = this.userIdFor(email);
    if (email && !id) {
      this.warn('unknownOwner', field, email, 'is not a user: written without an owner');
    }
    return id;
  }

  warn(code: string, field: string, value: string | null, message: string): void {
    this.warnings.push({ ...this.current, code, field, value, message });
  }

  /**
   * The SLA policy a handoff was made under: its deadline, response hours and status are all
   * counted in that policy's calendar, whatever policy is current (docs/domain.md "Its clocks").
   */
  slaPolicyOf(handoff: HandoffTable): SlaPolicy {
    const { sla } = this.definitions;
    if (handoff.policy_version === sla.version) return sla;
    const policy = this.slaPolicies.get(handoff.policy_version);
    if (!policy) throw new Error(`SLA policy version ${handoff.policy_version} was not loaded`);
    return policy;
  }

  /** A row's field provenance, parsed once per batch however many records merge into it. */
  provenanceOf(row: PersonTable | AccountTable): Provenance {
    let provenance = this.provenances.get(row);
    if (!provenance) {
      provenance = JSON.parse(row.provenance) as Provenance;
      this.provenances.set(row, provenance);
    }
    return provenance;
  }

  /**
   * People of the accounts this batch wrote (flush): an account's segment or region is their
   * slice too (metrics/breakdown), so a changed account changes them.
   */
  private readonly accountPeople: string[] = [];

  /** What this batch changed, for the change feed (gateway/store/changes.ts). */
  change(): StoreChange {
    const people = new Set(this.dirtyPeople);
    for (const id of this.accountPeople) people.add(id);
    for (const rows of [this.touches, this.transitions, this.activities]) {
      for (const row of rows) if (row.person_id) people.add(row.person_id);
    }
    return {
      ...emptyChange(this.tenantId, 'ingest'),
      people: [...people],
      handoffs: [...this.dirtyHandoffs].flatMap((handoff) =>
        handoffEvents(this.storedHandoffs.get(handoff.id), handoff),
      ),
      opportunities: [...this.opportunities.keys()],
      campaigns: this.campaigns.size + this.campaignCosts.size,
    };
  }

  /** Writes everything the batch changed. Called inside the batch's transaction. */
  async flush(): Promise<void> {
    const db = this.store.db;
    for (const [row, provenance] of this.provenances) row.provenance = JSON.stringify(provenance);
    await upsertAll(db, 'teams', [...this.teams.values()]);
    await upsertAll(db, 'users', [...this.users.values()]);
    await upsertAll(db, 'products', [...this.products.values()]);
    await upsertAll(db, 'campaigns', [...this.campaigns.values()]);
    await upsertAll(
      db,
      'campaign_costs',
      [...this.campaignCosts.values()],
      ['tenant_id', 'campaign_id', 'period'],
    );
    const accounts = [...this.dirtyAccounts].map((id) => this.accounts.get(id)!);
    if (accounts.length) {
      const key = ['tenant_id', 'id'];
      await insertRows(db, 'accounts', accounts, { columns: key, update: columnsExcept(accounts[0]!, key) });
      for (let i = 0; i < accounts.length; i += 5_000) {
        const ids = accounts.slice(i, i + 5_000).map((account) => account.id);
        const rows = await db.selectFrom('people').select('id').where('account_id', 'in', ids).execute();
        for (const row of rows) this.accountPeople.push(row.id);
      }
    }
    await insertRows(db, 'account_identities', this.accountIdentities, 'ignore');
    await this.writePeople();
    await insertRows(db, 'person_identities', this.identities, 'ignore');
    await insertRows(db, 'person_emails', this.emails, 'ignore');
    await insertRows(db, 'touches', this.touches, 'ignore');
    // Keyed by their touch (migration 0004): a touch is scored once, whoever delivers it again.
    await insertRows(db, 'score_events', this.scoreEvents, 'ignore');
    await insertRows(db, 'stage_transitions', this.transitions, 'ignore');
    await insertRows(db, 'activities', this.activities, 'ignore');
    const handoffs = [...this.dirtyHandoffs];
    // The cell each new handoff was made from, by the score events just written (migration 0006).
    const opened = handoffs.filter((handoff) => !this.storedHandoffs.has(handoff.id));
    if (opened.length) {
      const gradeOf = (id: string) => this.people.get(id)?.fit_grade ?? 'D';
      await recordHandoffCells(db, this.tenantId, opened, gradeOf, this.definitions.scoring);
    }
    if (handoffs.length) {
      const key = ['tenant_id', 'id'];
      await insertRows(db, 'handoffs', handoffs, { columns: key, update: columnsExcept(handoffs[0]!, key) });
    }
    const opportunities = [...this.opportunities.values()];
    if (opportunities.length) {
      const key = ['tenant_id', 'id'];
      await insertRows(db, 'opportunities', opportunities, {
        columns: key,
        update: columnsExcept(opportunities[0]!, key),
      });
    }
    await insertRows(db, 'opportunity_stages', this.opportunityStages, 'ignore');
  }

  /**
   * The changed people, each upsert setting only the columns that changed since load: a touch
   * changes a score and its time, and setting every column also rewrote each person's index
   * entries (2.4× the time of setting two columns, same rows). Rows that did not change are skipped.
   */
  private async writePeople(): Promise<void> {
    const key = ['tenant_id', 'id'];
    const groups = new Map<string, { update: string[]; rows: PersonTable[] }>();
    for (const id of this.dirtyPeople) {
      const person = this.people.get(id)!;
      const stored = this.storedPeople.get(id);
      const columns = columnsExcept(person, key) as (keyof PersonTable)[];
      const update = stored ? columns.filter((column) => person[column] !== stored[column]) : columns;
      if (update.length === 0) continue;
      const signature = update.join(',');
      const group = groups.get(signature) ?? { update, rows: [] };
      group.rows.push(person);
      groups.set(signature, group);
    }
    const { db, dialect, tenantId } = this.store;
    for (const { update, rows } of groups.values()) {
      // New people are inserted whole; stored ones get only their changed columns (updateRows).
      const stored = rows.filter((row) => this.storedPeople.has(row.id));
      const added = rows.filter((row) => !this.storedPeople.has(row.id));
      await insertRows(db, 'people', added, { columns: key, update });
      await updateRows(db, dialect, tenantId, 'people', stored, update as (keyof PersonTable)[]);
    }
  }
}

async function upsertAll<T extends 'teams' | 'users' | 'products' | 'campaigns' | 'campaign_costs'>(
  db: TenantStore['db'],
  table: T,
  rows: Database[T][],
  key = ['tenant_id', 'id'],
): Promise<void> {
  if (rows.length) await insertRows(db, table, rows, { columns: key, update: columnsExcept(rows[0]!, key) });
}

/** The events between a handoff as stored (absent when new) and as it is now. */
export function handoffEvents(before: HandoffTable | undefined, after: HandoffTable): HandoffEvent[] {
  const event = (kind: HandoffEventKind, at: number): HandoffEvent => ({
    kind,
    handoffId: after.id,
    personId: after.person_id,
    ownerId: after.owner_id,
    at,
    deadlineAt: after.deadline_at,
    sentBackReason: after.sent_back_reason,
  });
  const events: HandoffEvent[] = [];
  if (!before) events.push(event('handedOff', after.handed_off_at));
  if (after.accepted_at !== null && before?.accepted_at == null)
    events.push(event('accepted', after.accepted_at));
  if (after.sent_back_at !== null && before?.sent_back_at == null)
    events.push(event('sentBack', after.sent_back_at));
  if (after.first_touch_at !== null && before?.first_touch_at == null)
    events.push(event('followedUp', after.first_touch_at));
  return events;
}

export function identityKey(system: string, objectType: string, sourceId: string): string {
  return `${system}\u0000${objectType}\u0000${sourceId}`;
}

export type ValidRecord = { index: number; record: SourceRecord };
