/**
 * What one ingest run carries from a batch to the next: the people its batches loaded and wrote,
 * their handoffs, and who is known to have opened an email. A touch file revisits the same people
 * batch after batch; reading a hundred thousand wide rows again for every batch of a million-row
 * import was the largest part of its time.
 *
 * Carried rows are what the database holds only while nobody else wrote the tenant: each batch
 * starts by comparing the tenant's write count (store/write.ts, migration 0014) with the count
 * its own last batch left; any other write in between, or a batch that failed, drops them all.
 */
import type { HandoffTable, PersonTable } from '../store/tables.js';

/** Past this many people the rows are dropped rather than kept: memory stays bounded. */
const maxPeople = 250_000;

interface Held {
  people: Map<string, PersonTable>;
  /** People whose every handoff the batch loaded (handoffs made in the batch included). */
  handoffs: Map<string, HandoffTable[]>;
  openersChecked: Iterable<string>;
  openedEmail: Iterable<string>;
}

export class CarriedRows {
  /** The tenant's write count after this run's last committed batch; null before the first. */
  private count: number | null = null;
  /** Whether the batch being written may use the rows (set by `begin`). */
  private usable = false;
  private held: Held | null = null;
  /** People as committed by the last batch, by id. */
  readonly people = new Map<string, PersonTable>();
  /** Every handoff of each person here, oldest first (an empty list: they have none). */
  readonly handoffs = new Map<string, HandoffTable[]>();
  /** People whose email-open score events were looked up or written by this run. */
  readonly openersChecked = new Set<string>();
  /** Of those, the ones who have one. */
  readonly openedEmail = new Set<string>();

  /**
   * At the start of a batch's write transaction, with the count `writeTransaction` gave it:
   * the rows are usable only when the previous write of the tenant was this run's last batch.
   */
  begin(count: number): void {
    this.usable = this.count !== null && count - 1 === this.count;
    if (!this.usable) this.clear();
    this.held = null;
  }

  /** Whether `begin` found the rows to be what the database holds. */
  get valid(): boolean {
    return this.usable;
  }

  /** The rows a batch holds once written, kept if its transaction commits (`committed`). */
  hold(held: Held): void {
    this.held = held;
  }

  /** After the batch's transaction committed as write number `count`. */
  committed(count: number): void {
    const held = this.held;
    this.held = null;
    this.usable = false;
    if (!held || count <= 0) {
      this.clear();
      return;
    }
    this.count = count;
    for (const [id, person] of held.people) this.people.set(id, person);
    for (const [id, list] of held.handoffs) this.handoffs.set(id, list);
    for (const id of held.openersChecked) this.openersChecked.add(id);
    for (const id of held.openedEmail) this.openedEmail.add(id);
    if (this.people.size > maxPeople || this.openersChecked.size > maxPeople) this.clear();
  }

  /** A batch failed (its rows may have changed in memory and not in the database): forget all. */
  clear(): void {
    this.count = null;
    this.usable = false;
    this.held = null;
    this.people.clear();
    this.handoffs.clear();
    this.openersChecked.clear();
    this.openedEmail.clear();
  }
}
