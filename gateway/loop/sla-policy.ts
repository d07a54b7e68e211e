/**
 * The SLA policy's versions (docs/domain.md, "The service level agreement"). A new version applies to
 * handoffs made after it: each handoff keeps the version its deadline was computed with.
 * Fields left out keep the current version's values.
 */
import { isValidTimeZone } from '../domain/business-hours.js';
import { emptyChange } from '../store/changes.js';
import { loadSlaPolicy, type SlaPolicy, slaPolicyOf } from '../store/definitions.js';
import type { TenantStore } from '../store/tenant-store.js';
import { writeTransaction } from '../store/write.js';
import type { LoopContext } from './context.js';
import { saveOrPropose } from './definition-changes.js';
import { LoopError } from './errors.js';

export interface SlaPolicyChange {
  targetHours?: number | null;
  timeZone?: string | null;
  businessDays?: number[] | null;
  startHour?: number | null;
  endHour?: number | null;
  /** Local dates YYYY-MM-DD. */
  holidays?: string[] | null;
  monthlyLeadGoal?: number | null;
  monthlyMqlGoal?: number | null;
  redBelow?: number | null;
  amberBelow?: number | null;
}

export type SlaPolicyVersion = SlaPolicy & { createdBy: string | null };

/**
 * The longest SLA target, in business hours: 50 working weeks of 40 hours. A target is a response
 * time, so more is a typo, and every handoff's deadline is computed from it at ingest.
 */
export const MAX_TARGET_HOURS = 2_000;

/** A whole policy as a version stores it (what a proposal holds until approved). */
export type SlaDefinition = Omit<SlaPolicy, 'version' | 'createdAt'>;

/**
 * Inserts the next version; returns its number. One write transaction (store/write.ts): two admins
 * saving at once get versions n+1 and n+2, not the same number twice. When the tenant needs the
 * other team's approval (definition-changes.ts), the version is proposed instead and its number
 * returned.
 */
export async function updateSlaPolicy(
  store: TenantStore,
  change: SlaPolicyChange,
  ctx: LoopContext,
): Promise<number> {
  return writeTransaction(store, null, async (trx) => {
    const current = await loadSlaPolicy(trx);
    const next = nextSlaPolicy(current, change);
    const saved = await saveOrPropose(trx, 'sla_policy', current.version, next, ctx, () =>
      insertSlaPolicy(trx, next, ctx),
    );
    return {
      value: saved.version,
      change: { ...emptyChange(store.tenantId, 'definitions'), definitions: saved.applied },
    };
  });
}

/** The current policy with `change` applied, validated; fields left out keep their values. */
export function nextSlaPolicy(current: SlaPolicy, change: SlaPolicyChange): SlaDefinition {
  const next = {
    targetHours: change.targetHours ?? current.targetHours,
    timeZone: change.timeZone ?? current.calendar.timeZone,
    days: change.businessDays ?? current.calendar.days,
    startHour: change.startHour ?? current.calendar.startHour,
    endHour: change.endHour ?? current.calendar.endHour,
    holidays: [...new Set(change.holidays ?? current.calendar.holidays)].sort(),
    leadGoal: change.monthlyLeadGoal ?? current.monthlyLeadGoal,
    mqlGoal: change.monthlyMqlGoal ?? current.monthlyMqlGoal,
    redBelow: change.redBelow ?? current.redBelow,
    amberBelow: change.amberBelow ?? current.amberBelow,
  };
  if (!(next.targetHours > 0 && next.targetHours <= MAX_TARGET_HOURS)) {
    throw new LoopError(
      'BAD_TARGET_HOURS',
      `targetHours must be more than 0 and at most ${MAX_TARGET_HOURS} business hours, got ${next.targetHours}`,
    );
  }
  if (!isValidTimeZone(next.timeZone)) {
    throw new LoopError(
      'BAD_TIME_ZONE',
      `unknown time zone '${next.timeZone}' (expected an IANA name such as America/New_York)`,
    );
  }
  const badDay = next.days.find((day) => !Number.isInteger(day) || day < 1 || day > 7);
  if (next.days.length === 0 || badDay !== undefined) {
    throw new LoopError(
      'BAD_BUSINESS_DAYS',
      `businessDays must be ISO weekdays 1 (Monday) to 7 (Sunday), at least one, got [${next.days.join(', ')}]`,
    );
  }
  const hoursOk = next.startHour >= 0 && next.endHour <= 24 && next.startHour < next.endHour;
  if (!hoursOk) {
    throw new LoopError(
      'BAD_HOURS',
      `business hours must run from startHour to a later endHour within 0–24, got ${next.startHour} to ${next.endHour}`,
    );
  }
  const badHoliday = next.holidays.find(
    (day) => !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)),
  );
  if (badHoliday !== undefined)
    throw new LoopError('BAD_ARGUMENTS', `holidays must be dates YYYY-MM-DD, got '${badHoliday}'`);
  for (const [name, goal] of [
    ['monthlyLeadGoal', next.leadGoal],
    ['monthlyMqlGoal', next.mqlGoal],
  ] as const) {
    if (!Number.isInteger(goal) || goal < 0)
      throw new LoopError('BAD_GOALS', `${name} must be a whole number, 0 or more, got ${goal}`);
  }
  if (!(next.redBelow >= 0 && next.redBelow <= next.amberBelow && next.amberBelow <= 1)) {
    throw new LoopError(
      'BAD_THRESHOLDS',
      `gauge thresholds need 0 ≤ redBelow ≤ amberBelow ≤ 1, got redBelow ${next.redBelow} and amberBelow ${next.amberBelow}`,
    );
  }
  return {
    targetHours: next.targetHours,
    calendar: {
      timeZone: next.timeZone,
      days: [...new Set(next.days)].sort((a, b) => a - b),
      startHour: next.startHour,
      endHour: next.endHour,
      holidays: next.holidays,
    },
    monthlyLeadGoal: next.leadGoal,
    monthlyMqlGoal: next.mqlGoal,
    redBelow: next.redBelow,
    amberBelow: next.amberBelow,
  };
}

/**
 * Inserts `next` as the version after the current one: the effects of an update, also those of
 * an approved proposal (definition-approvals.ts). Inside a write transaction.
 */
export async function insertSlaPolicy(
  store: TenantStore,
  next: SlaDefinition,
  ctx: LoopContext,
): Promise<number> {
  const current = await loadSlaPolicy(store);
  const version = current.version + 1;
  await store.db
    .insertInto('sla_policies')
    .values({
      tenant_id: store.tenantId,
      version,
      target_hours: next.targetHours,
      time_zone: next.calendar.timeZone,
      business_days: JSON.stringify(next.calendar.days),
      start_hour: next.calendar.startHour,
      end_hour: next.calendar.endHour,
      holidays: JSON.stringify(next.calendar.holidays),
      monthly_lead_goal: next.monthlyLeadGoal,
      monthly_mql_goal: next.monthlyMqlGoal,
      red_below: next.redBelow,
      amber_below: next.amberBelow,
      created_at: ctx.now,
      created_by: ctx.actor.name,
    })
    .execute();
  return version;
}

/** Every version of the policy, newest first. */
export async function listSlaPolicies(store: TenantStore): Promise<SlaPolicyVersion[]> {
  const rows = await store.db.selectFrom('sla_policies').selectAll().orderBy('version', 'desc').execute();
  return rows.map(slaPolicyOf);
}
