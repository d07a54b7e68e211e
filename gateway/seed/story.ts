/**
 * One person's records in the order things happened to them. Parts of a story are written
 * phase by phase (touches, then sales work, then the deal), so they are collected with their
 * instants and sorted once; the sort is stable, so a record added first wins a tie (the person
 * record before the touch that created it, the contact before the stage change naming it).
 */
import type { SourceRecordInput } from '../ingest/records.js';

export interface StoryEvent {
  at: number;
  record: SourceRecordInput;
}

export class Story {
  private readonly events: StoryEvent[] = [];
  private opening: SourceRecordInput | null = null;

  /** @param now the end of history: anything planned for later has not happened yet. */
  constructor(private readonly now: number) {}

  add(at: number, record: SourceRecordInput): void {
    if (at < this.now) this.events.push({ at, record });
  }

  /** The record every other one refers to, written last because it names the first touch's source. */
  open(record: SourceRecordInput): void {
    this.opening = record;
  }

  /** Events so far (unsorted), for looking back at what happened before an instant. */
  get written(): readonly StoryEvent[] {
    return this.events;
  }

  /** Leaves out the events `pick` names, given them sorted as records() will yield them; returns how many. */
  leaveOut(pick: (events: readonly StoryEvent[]) => ReadonlySet<StoryEvent>): number {
    this.events.sort((left, right) => left.at - right.at);
    const dropped = pick(this.events);
    if (dropped.size === 0) return 0;
    const kept = this.events.filter((event) => !dropped.has(event));
    this.events.length = 0;
    this.events.push(...kept);
    return dropped.size;
  }

  records(): SourceRecordInput[] {
    this.events.sort((left, right) => left.at - right.at);
    const records = this.events.map((event) => event.record);
    if (this.opening) records.unshift(this.opening);
    return records;
  }
}
