/**
 * Creating a company's own tenant and changing its settings, for `tandem tenant` and the
 * `updateTenant` mutation (docs/onboarding.md "Create the company's tenant"). The settings' rules
 * are domain/tenant-settings.ts; the tenant's row is the store's; business hours and holidays
 * live in its SLA policy, so changing them saves a new policy version through the same path as
 * `updateSlaPolicy` (history, sign-off when the tenant needs it).
 */
import {
  type CheckedTenantSettings,
  checkTenantId,
  checkTenantSettings,
  TenantSettingError,
  type TenantSettingsInput,
} from '../domain/tenant-settings.js';
import { emptyChange } from '../store/changes.js';
import type { RevenueDatabase } from '../store/database.js';
import { loadSlaPolicy } from '../store/definitions.js';
import type { TenantTable } from '../store/tables.js';
import { TenantStore } from '../store/tenant-store.js';
import { ensureTenant, findTenant, type TenantRowChange, updateTenantRow } from '../store/tenants.js';
import type { LoopContext } from './context.js';
import { needsApproval } from './definition-changes.js';
import { type SlaPolicyChange, updateSlaPolicy } from './sla-policy.js';

export interface TenantCreation extends TenantSettingsInput {
  id: string;
}

/**
 * A new tenant with the default ladder, scoring model and SLA policy (its business hours and
 * holidays when given) and no data. Refuses a taken id.
 */
export async function createTenant(
  database: RevenueDatabase,
  input: TenantCreation,
  now = Date.now(),
): Promise<TenantTable> {
  const id = checkTenantId(input.id);
  const checked = checkTenantSettings(input);
  for (const field of ['name', 'timeZone', 'currency'] as const) {
    if (checked[field] === undefined)
      throw new TenantSettingError('MISSING_SETTING', field, `a new tenant needs a ${settingWords[field]}`);
  }
  const exists = () =>
    new TenantSettingError('TENANT_EXISTS', 'id', `tenant '${id}' exists already (change it with update)`);
  if (await findTenant(database, id)) throw exists();
  // Another creator of the same id may win between the look and the insert: ensureTenant says so.
  const created = await ensureTenant(
    database,
    {
      id,
      name: checked.name!,
      timeZone: checked.timeZone!,
      currency: checked.currency!,
      fiscalYearStart: checked.fiscalYearStart,
      businessHours: checked.businessHours,
      holidays: checked.holidays,
    },
    now,
  );
  if (!created) throw exists();
  return (await findTenant(database, id))!;
}

const settingWords = { name: 'name', timeZone: 'time zone', currency: 'currency' };

export interface TenantUpdate {
  tenant: TenantTable;
  /** The SLA policy version the change saved, or the number a pending proposal will take; null: none. */
  slaPolicyVersion: number | null;
  /** False when the tenant needs the other team's sign-off: the SLA change is a pending proposal. */
  slaPolicyApplied: boolean;
}

/**
 * Changes what `input` gives. Business hours and holidays make a new SLA policy version; so does
 * a new time zone when the policy's business hours were in the tenant's old zone (they are the
 * company's hours, wherever it now says it is).
 */
export async function updateTenant(
  database: RevenueDatabase,
  id: string,
  input: TenantSettingsInput,
  ctx: LoopContext,
): Promise<TenantUpdate> {
  const checked = checkTenantSettings(input);
  const before = await findTenant(database, id);
  if (!before) throw new TenantSettingError('UNKNOWN_TENANT', 'id', `no tenant '${id}'`);
  const store = new TenantStore(database, id);
  const sla = await slaChange(store, before, checked);
  let slaPolicyVersion: number | null = null;
  let slaPolicyApplied = true;
  if (sla) {
    slaPolicyApplied = !(await needsApproval(store));
    slaPolicyVersion = await updateSlaPolicy(store, sla, ctx);
  }
  const row: TenantRowChange = {};
  if (checked.name !== undefined) row.name = checked.name;
  if (checked.timeZone !== undefined) row.time_zone = checked.timeZone;
  if (checked.currency !== undefined) row.currency = checked.currency;
  if (checked.fiscalYearStart !== undefined) row.fiscal_year_start = checked.fiscalYearStart;
  await updateTenantRow(database, id, row);
  // Every metric may move (days are the zone's, amounts the currency's): caches and live clients hear it.
  if (Object.keys(row).length)
    database.changes.publish({ ...emptyChange(id, 'definitions'), definitions: true });
  return { tenant: (await findTenant(database, id))!, slaPolicyVersion, slaPolicyApplied };
}

async function slaChange(
  store: TenantStore,
  before: TenantTable,
  checked: CheckedTenantSettings,
): Promise<SlaPolicyChange | null> {
  const change: SlaPolicyChange = {};
  if (checked.businessHours) {
    change.businessDays = checked.businessHours.days;
    change.startHour = checked.businessHours.startHour;
    change.endHour = checked.businessHours.endHour;
  }
  if (checked.holidays) change.holidays = checked.holidays;
  if (checked.timeZone && checked.timeZone !== before.time_zone) {
    const policy = await loadSlaPolicy(store);
    if (policy.calendar.timeZone === before.time_zone) change.timeZone = checked.timeZone;
  }
  return Object.keys(change).length ? change : null;
}
