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
