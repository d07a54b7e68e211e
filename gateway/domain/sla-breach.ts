/**
 * The breach rule: where one handoff stands against the sales side of the SLA (docs/domain.md
 * "The breach rule"). Every path that counts breaches asks this rule, in JavaScript here or in
 * its SQL form (gateway/metrics/sla/status.ts): the SLA metric and its rollups, the breach
 * watcher and a person's own SLA status. Before it had one home, the dashboard counted a lead
 * sent back in time as an open breach while the person's status said SENT_BACK: reps were
 * punished for sending back a lead that was not ready, which is what the product asks of them.
 *
 * The SLA clock starts at the handoff and stops at sales' first answer: the first sales touch
 * (call, email, meeting) or sending the lead back to marketing, whichever comes first.
 * Accepting the lead is not an answer (a lead accepted and never called is still waiting).
 *
 *   1. touched at or before the deadline                  → WITHIN_TARGET (met)
 *   2. else sent back at or before the deadline           → SENT_BACK (met: answered in time, no breach)
 *   3. else touched or sent back, after the deadline      → LATE (a closed breach: it was late
 *                                                            before it was answered)
 *   4. else, untouched and not sent back, deadline passed → BREACHED (an open, live breach;
 *                                                            a closed one when the handoff is
 *                                                            history, isHistory below)
 *   5. else                                               → OPEN (pending: the clock still runs)
 *
 * Only 4 and 5 depend on the clock, and only through `deadline < now`: the rollups keep 1–3
 * (and history's 4) by write and count the live 4 and 5 on every request.
 */

export const handoffSlaStatuses = ['WITHIN_TARGET', 'SENT_BACK', 'LATE', 'BREACHED', 'OPEN'] as const;
export type HandoffSlaStatus = (typeof handoffSlaStatuses)[number];

/** The instants of one handoff the rule reads (epoch ms). */
export interface HandoffClock {
  deadlineAt: number;
  /** First sales touch after the handoff; null while untouched. */
  firstTouchAt: number | null;
  /** When sales sent the lead back to marketing; null if not. */
  sentBackAt: number | null;
}

/** The status once sales has answered (rules 1–3), which no clock moves; null while the clock runs. */
export function answeredStatus(h: HandoffClock): 'WITHIN_TARGET' | 'SENT_BACK' | 'LATE' | null {
  if (h.firstTouchAt !== null && h.firstTouchAt <= h.deadlineAt) return 'WITHIN_TARGET';
  if (h.sentBackAt !== null && h.sentBackAt <= h.deadlineAt) return 'SENT_BACK';
  if (h.firstTouchAt !== null || h.sentBackAt !== null) return 'LATE';
  return null;
}

/** Where the handoff stands at `now` (epoch ms). */
export function handoffSlaStatus(h: HandoffClock, now: number): HandoffSlaStatus {
  return answeredStatus(h) ?? (h.deadlineAt < now ? 'BREACHED' : 'OPEN');
}

/** The statuses that are breaches, open or closed: the deadline passed before sales answered. */
export const breachStatuses = ['LATE', 'BREACHED'] as const satisfies readonly HandoffSlaStatus[];

export function isBreach(status: HandoffSlaStatus): boolean {
  return (breachStatuses as readonly HandoffSlaStatus[]).includes(status);
}

/**
 * History, not an alarm: a handoff recorded after its deadline had already passed (two years of
 * MQL dates from a CSV, a connector's first sync). The rule above judges it like any other, from
 * the touches and send-backs that came with it, but nobody could have answered it in time once it
 * was known, so it is never announced as a live breach (live/sla-watcher.ts). `recordedAt` is
 * null on handoffs recorded before Tandem kept it (migration 0011): those are not history.
 */
export function isHistory(h: { deadlineAt: number; recordedAt: number | null }): boolean {
  return h.recordedAt !== null && h.recordedAt > h.deadlineAt;
}

/**
 * A breach that is over: answered late (LATE), or never answered but history (BREACHED on a handoff
 * Tandem learnt of after its deadline: counted against the SLA, never a live alarm). The rest of
 * BREACHED are open breaches, the gauge's live count.
 */
export function isClosedBreach(status: HandoffSlaStatus, history: boolean): boolean {
  return status === 'LATE' || (status === 'BREACHED' && history);
}

/** The SLA was met: sales answered (touch or send-back) at or before the deadline. */
export function metTarget(status: HandoffSlaStatus): boolean {
  return status === 'WITHIN_TARGET' || status === 'SENT_BACK';
}
