/**
 * A company's own tenant: the rules its settings follow, written once for `tandem tenant` and the
 * `updateTenant` mutation (docs/onboarding.md "Create the company's tenant"). Each refusal is a
 * TenantSettingError naming the setting and the value, in one line.
 */
import { isCalendarDate } from './instants.js';
import { shown, textProblem } from './text.js';
import { isValidTimeZone } from './time-zone.js';

export type TenantSettingField =
  | 'id'
  | 'name'
  | 'timeZone'
  | 'currency'
  | 'fiscalYearStart'
  | 'businessHours'
  | 'holidays';

export type TenantSettingCode =
  | 'BAD_TENANT_ID'
  | 'BAD_NAME'
  | 'BAD_TIME_ZONE'
  | 'BAD_CURRENCY'
  | 'BAD_FISCAL_YEAR_START'
  | 'BAD_BUSINESS_HOURS'
  | 'BAD_HOLIDAY'
  | 'TENANT_EXISTS'
  | 'UNKNOWN_TENANT'
  | 'MISSING_SETTING';

export class TenantSettingError extends Error {
  override name = 'TenantSettingError';

  constructor(
    readonly code: TenantSettingCode,
    readonly field: TenantSettingField,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Lower-case letters and digits in words joined by single dashes, starting with a letter, 2–40
 * long. The id is the `tenant` claim of tokens (auth/claims.ts allows more) and, upper-cased with
 * dashes as underscores, the TANDEM_<ID>_… variables of its secrets: so no upper case and no
 * underscores (`a-b` and `a_b` would share variables), and no dash next to another.
 */
const tenantIdPattern = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function checkTenantId(id: string): string {
  if (id.length >= 2 && id.length <= 40 && tenantIdPattern.test(id)) return id;
  throw new TenantSettingError(
    'BAD_TENANT_ID',
    'id',
    `tenant id ${shown(id)} must be 2–40 lower-case letters or digits, words joined by single dashes, starting with a letter (e.g. acme or nordlicht-gmbh)`,
  );
}

/** The environment variables' part for a tenant: `nordlicht-gmbh` → `NORDLICHT_GMBH`. */
export function tenantEnvPart(id: string): string {
  return id.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

export function checkTenantName(name: string): string {
  const trimmed = name.trim();
  const problem = textProblem(trimmed);
  if (trimmed === '' || trimmed.length > 200 || problem) {
    throw new TenantSettingError(
      'BAD_NAME',
      'name',
      `name must be 1–200 characters of text, got ${problem ?? shown(name)}`,
    );
  }
  return trimmed;
}

let zoneNames: string[] | undefined;

/** An IANA zone the runtime knows, spelled as IANA spells it (else the closest name is suggested). */
export function checkTimeZone(zone: string): string {
  zoneNames ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
  const caseOnly = zoneNames.find((known) => known.toLowerCase() === zone.toLowerCase());
  if (isValidTimeZone(zone) && (caseOnly === undefined || caseOnly === zone)) return zone;
  const closest = caseOnly ?? nearest(zone, zoneNames, 3);
  throw new TenantSettingError(
    'BAD_TIME_ZONE',
    'timeZone',
    `unknown time zone ${shown(zone)}${closest ? `: did you mean ${closest}?` : ' (an IANA name such as Europe/Berlin or America/New_York)'}`,
  );
}

let currencyCodes: Set<string> | undefined;

/** An ISO 4217 code, upper case. */
export function checkCurrency(code: string): string {
  currencyCodes ??= new Set(Intl.supportedValuesOf('currency'));
  if (currencyCodes.has(code)) return code;
  const upper = code.trim().toUpperCase();
  const hint = currencyCodes.has(upper)
    ? `: did you mean ${upper}?`
    : ' (a three-letter code such as EUR or USD)';
  throw new TenantSettingError(
    'BAD_CURRENCY',
    'currency',
    `${shown(code)} is not an ISO 4217 currency code${hint}`,
  );
}

/** The month (1 = January) the fiscal year starts in. */
export function checkFiscalYearStart(month: number): number {
  if (Number.isInteger(month) && month >= 1 && month <= 12) return month;
  throw new TenantSettingError(
    'BAD_FISCAL_YEAR_START',
    'fiscalYearStart',
    `fiscal year start must be a month number from 1 (January) to 12, got ${shown(String(month))}`,
  );
}

/** Business hours as the SLA policy keeps them (domain/business-hours.ts), whole hours. */
export interface BusinessHours {
  /** ISO weekdays, 1 = Monday … 7 = Sunday, ascending. */
  days: number[];
  startHour: number;
  endHour: number;
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const hoursShape =
  /^([a-z]{3}(?:-[a-z]{3})?(?:,[a-z]{3}(?:-[a-z]{3})?)*) (\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/i;
const expected =
  "expected days then hours, such as 'Mon-Fri 09:00-17:00' or 'Sun-Thu 08:00-16:00' or 'Mon,Wed,Fri 10:00-14:00' (whole hours)";

/**
 * `Mon-Fri 09:00-17:00`: days as names (Mon … Sun), ranges (which may wrap: Sun-Thu) or a comma
 * list, then opening and closing time. Whole hours only: the SLA policy stores hours as integers.
 */
export function parseBusinessHours(text: string): BusinessHours {
  const refuse = (why: string): never => {
    throw new TenantSettingError(
      'BAD_BUSINESS_HOURS',
      'businessHours',
      `business hours ${shown(text)}: ${why}`,
    );
  };
  const match = hoursShape.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return refuse(expected);
  const [, dayList, startH, startM, endH, endM] = match;
  const days = new Set<number>();
  for (const part of dayList!.toLowerCase().split(',')) {
    const [from, to = from] = part.split('-').map((name) => weekdays.indexOf(name!));
    if (from! < 0 || to! < 0) return refuse(`unknown day in '${part}' (${expected})`);
    for (let day = from!; ; day = (day + 1) % 7) {
      days.add(day + 1);
      if (day === to) break;
    }
  }
  if (startM !== '00' || endM !== '00') return refuse(`hours must be whole (${expected})`);
  const [startHour, endHour] = [Number(startH), Number(endH)];
  if (!(startHour < endHour && endHour <= 24))
    return refuse('opening must come before closing, within 00:00–24:00');
  return { days: [...days].sort((a, b) => a - b), startHour, endHour };
}

/** Local dates YYYY-MM-DD that exist, sorted, without repeats. */
export function checkHolidays(dates: readonly string[]): string[] {
  for (const date of dates) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
      throw new TenantSettingError(
        'BAD_HOLIDAY',
        'holidays',
        `holiday ${shown(date)} is not a date YYYY-MM-DD that exists (e.g. 2026-12-24)`,
      );
    }
  }
  return [...new Set(dates)].sort();
}

/** The candidate within `maxEdits` edits of `value` (case ignored) with the fewest, if any. */
function nearest(value: string, candidates: readonly string[], maxEdits: number): string | undefined {
  let best: string | undefined;
  let bestEdits = maxEdits + 1;
  const lower = value.toLowerCase();
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - value.length) >= bestEdits) continue;
    const edits = editDistance(lower, candidate.toLowerCase());
    if (edits < bestEdits) [best, bestEdits] = [candidate, edits];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Settings as given (a flag or a mutation argument); what is left out is not changed. */
export interface TenantSettingsInput {
  name?: string | null;
  timeZone?: string | null;
  currency?: string | null;
  fiscalYearStart?: number | null;
  /** `Mon-Fri 09:00-17:00` */
  businessHours?: string | null;
  holidays?: readonly string[] | null;
}

/** The same, checked: what the store and the SLA policy keep. */
export interface CheckedTenantSettings {
  name?: string;
  timeZone?: string;
  currency?: string;
  fiscalYearStart?: number;
  businessHours?: BusinessHours;
  holidays?: string[];
}

/** Checks every setting given, in the order a reader meets them; the first wrong one throws. */
export function checkTenantSettings(input: TenantSettingsInput): CheckedTenantSettings {
  const checked: CheckedTenantSettings = {};
  if (input.name != null) checked.name = checkTenantName(input.name);
  if (input.timeZone != null) checked.timeZone = checkTimeZone(input.timeZone);
  if (input.currency != null) checked.currency = checkCurrency(input.currency);
  if (input.fiscalYearStart != null) checked.fiscalYearStart = checkFiscalYearStart(input.fiscalYearStart);
  if (input.businessHours != null) checked.businessHours = parseBusinessHours(input.businessHours);
  if (input.holidays != null) checked.holidays = checkHolidays(input.holidays);
  return checked;
}

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Business hours written the way `parseBusinessHours` reads them: `Mon-Fri 09:00-17:00`, and a
 * week that runs over Sunday as one range (`Sun-Thu`).
 */
export function formatBusinessHours(hours: BusinessHours): string {
  const set = new Set(hours.days);
  const ascending = [...set].sort((a, b) => a - b);
  const next = (day: number) => (day % 7) + 1;
  // Start after a gap, so Sun, Mon … Thu is one run; a full week starts on Monday.
  const first = ascending.find((day) => !set.has(((day + 5) % 7) + 1)) ?? 1;
  const days = [...ascending.filter((day) => day >= first), ...ascending.filter((day) => day < first)];
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === next(days[j]!)) j++;
    runs.push(j > i ? `${dayNames[days[i]! - 1]}-${dayNames[days[j]! - 1]}` : dayNames[days[i]! - 1]!);
    i = j + 1;
  }
  const time = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
  return `${runs.join(',')} ${time(hours.startHour)}-${time(hours.endHour)}`;
}
