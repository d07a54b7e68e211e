/**
 * Fair turns at the read pool. A request names its lane (its tenant) with `readLane.run`, and the
 * statements it sends wait in that lane; free readers take the lanes in turn, one statement each.
 * One tenant's fifteen-alias query then delays another tenant's statement by at most one
 * statement per busy lane, not by all fifteen (issue 13). Statements sent outside any lane (CLI,
 * background refreshes) share one lane of their own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The lane of the statements sent from inside `readLane.run(lane, ...)`. */
export const readLane = new AsyncLocalStorage<string>();

const unnamed = '';

export class FairQueue<T> {
  /** Map order is turn order: the first lane is served next, then goes to the back. */
  readonly #lanes = new Map<string, T[]>();

  get size(): number {
    let size = 0;
    for (const waiting of this.#lanes.values()) size += waiting.length;
    return size;
  }

  /** Queues `item` in the current lane (readLane), or in `lane`. */
  push(item: T, lane = readLane.getStore() ?? unnamed): void {
    const waiting = this.#lanes.get(lane);
    if (waiting) waiting.push(item);
    else this.#lanes.set(lane, [item]);
  }

  /** The next item of the lane whose turn it is. */
  shift(): T | undefined {
    for (const [lane, waiting] of this.#lanes) {
      const item = waiting.shift();
      this.#lanes.delete(lane);
      if (waiting.length > 0) this.#lanes.set(lane, waiting);
      return item;
    }
    return undefined;
  }

  /** Everything still waiting, emptied out. */
  drain(): T[] {
    const all = [...this.#lanes.values()].flat();
    this.#lanes.clear();
    return all;
  }
}

/**
 * At most `capacity` holders at once; the rest wait in their lanes and are let in by turns. In
 * front of PostgreSQL's pool, so that one tenant's fifteen statements cannot take every connection
 * while another tenant's one waits behind them in pg's first-come queue (where each also ran down
 * its connect timeout: issue 13). A wait longer than `maxWaitMs` fails, so a stuck holder
 * surfaces as an error rather than a hang.
 */
export class FairGate {
  #holders = 0;
  readonly #waiting = new FairQueue<{ admit: () => void }>();

  constructor(
    readonly capacity: number,
    readonly maxWaitMs: number,
  ) {}

  async enter(): Promise<void> {
    if (this.#holders < this.capacity) {
      this.#holders++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = { admit: resolve };
      this.#waiting.push(waiter);
      if (this.maxWaitMs <= 0) return;
      const timer = setTimeout(() => {
        // Still queued: it will be skipped when its turn comes.
        waiter.admit = () => this.leave();
        reject(
          new Error(`timeout exceeded when trying to connect (waited ${this.maxWaitMs} ms for a connection)`),
        );
      }, this.maxWaitMs);
      timer.unref();
      const admit = waiter.admit;
      waiter.admit = () => {
        clearTimeout(timer);
        admit();
      };
    });
  }

  /** A holder is done: the next waiter (by turns) takes its place. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next) next.admit();
    else this.#holders--;
  }
}
