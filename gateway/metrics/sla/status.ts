/**
 * The breach rule (gateway/domain/sla-breach.ts) in SQL, for the paths that count handoffs in the
 * database: the raw SLA metric (sales.ts), the rollups' clock-dependent counts (handoffs-rollup.ts)
 * and the breach watcher (live/sla-watcher.ts). One module, so the SQL cannot drift from the
 * rule apart from this file; test/schema/breach-rule.test.ts holds every path to the same answers.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { breachStatuses, type HandoffSlaStatus } from '../../domain/sla-breach.js';

/** The columns of the handoff aliased `alias` (`handoffs` when the table is not aliased). */
function columns(alias: string) {
  return {
    deadline: sql.ref(`${alias}.deadline_at`),
    firstTouch: sql.ref(`${alias}.first_touch_at`),
    sentBack: sql.ref(`${alias}.sent_back_at`),
    recorded: sql.ref(`${alias}.recorded_at`),
  };
}

/**
 * isHistory (domain/sla-breach.ts) in SQL: recorded after its deadline had passed. Null before
 * migration 0011 said when: not history.
 */
export function isHistorySql(alias: string): RawBuilder<SqlBool> {
  const { deadline, recorded } = columns(alias);
  return sql<SqlBool>`(${recorded} is not null and ${recorded} > ${deadline})`;
}

/** isBreach in SQL, over a status computed by handoffSlaStatusSql. */
export function isBreachSql(status: RawBuilder<HandoffSlaStatus>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${status} in (${sql.join(breachStatuses.map((s) => sql.lit(s)))})`;
}

/**
 * isClosedBreach (domain/sla-breach.ts) in SQL, over a status and a 0/1 history flag: LATE, or
 * BREACHED on history. The rest of BREACHED is an open breach (openBreachSql).
 */
export function closedBreachSql(
  status: RawBuilder<unknown>,
  history: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${status} = 'LATE' or (${status} = 'BREACHED' and ${history} = 1))`;
}

/** An open, live breach: BREACHED and not history. */
export function openBreachSql(
  status: RawBuilder<unknown>,
  history: RawBuilder<unknown>,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${status} = 'BREACHED' and ${history} = 0)`;
}

/** Known by its deadline: a handoff that can be a live breach (the watcher, the open count). */
export function liveSql(alias: string): RawBuilder<SqlBool> {
  const { deadline, recorded } = columns(alias);
  return sql<SqlBool>`(${recorded} is null or ${recorded} <= ${deadline})`;
}

/** The handoff's status at `now` (epoch ms), rules 1–5 in their order. */
export function handoffSlaStatusSql(alias: string, now: number): RawBuilder<HandoffSlaStatus> {
  const { deadline, firstTouch, sentBack } = columns(alias);
  return sql<HandoffSlaStatus>`case
    when ${firstTouch} is not null and ${firstTouch} <= ${deadline} then 'WITHIN_TARGET'
    when ${sentBack} is not null and ${sentBack} <= ${deadline} then 'SENT_BACK'
    when ${firstTouch} is not null or ${sentBack} is not null then 'LATE'
    when ${deadline} < ${now} then 'BREACHED'
    else 'OPEN' end`;
}

/**
 * Sales has not answered yet (rules 4 and 5: no touch, not sent back): the only handoffs whose
 * status the clock moves. Plain column tests, so the index on first_touch_at narrows them.
 */
export function clockRunning(alias: string): RawBuilder<SqlBool> {
  const { firstTouch, sentBack } = columns(alias);
  return sql<SqlBool>`(${firstTouch} is null and ${sentBack} is null)`;
}
