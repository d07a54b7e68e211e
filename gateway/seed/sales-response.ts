/**
 * How fast sales answers an MQL handoff, in business hours. Most reps call within a morning;
 * a tail (a full week, a rep on holiday) takes days. The team gets faster as the SLA takes hold:
 * about a third of handoffs breached the four-hour target when the history starts, under a
 * tenth at its end, so the gauge shows an improving 80–90 % over the last quarters.
 */
import type { Random } from './random.js';
import { DAY } from './timeline.js';

/** Handoffs in the last weeks that nobody has touched yet: the open breaches a live gauge shows. */
const recentWindow = 21 * DAY;
const untouchedWhenRecent = 0.06;

/** Only recent handoffs wait untouched: older ones were all answered, if late. */
export function neverTouched(rng: Random, mqlAt: number, now: number): boolean {
  return now - mqlAt < recentWindow && rng.chance(untouchedWhenRecent);
}

/**
 * Business hours from the handoff to the first call or email; `progress` is how far into the
 * history the handoff lies, 0 at its start and 1 at its end.
 */
export function firstResponseHours(rng: Random, progress: number): number {
  if (rng.chance(0.1 - 0.06 * progress)) return rng.logNormal(14, 0.9);
  return rng.logNormal(3.1 - 1.3 * progress, 0.4);
}
