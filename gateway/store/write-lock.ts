/**
 * Waiting for another process's SQLite writer (a CLI import while the server runs). The busy
 * timeout (database.ts) waits inside SQLite, blocking the event loop; past it, a write
 * transaction that could not take the lock waits here instead, off the event loop, with growing
 * pauses, before it tries again: about a minute in all before it gives up with SQLITE_BUSY.
 */
import { setTimeout as sleep } from 'node:timers/promises';

const pausesMs = [50, 100, 200, 400, 800, 1_000];
const attempts = 60;

/** SQLITE_BUSY or SQLITE_LOCKED in any of their extended forms. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** Pauses before attempt `attempt + 1`; false when it is time to give up. */
export async function waitForWriter(attempt: number): Promise<boolean> {
  if (attempt + 1 >= attempts) return false;
  await sleep(pausesMs[Math.min(attempt, pausesMs.length - 1)]!);
  return true;
}
