/**
 * `tandem tenant create|list|update`: a company's own tenant, with its zone, currency, fiscal year
 * and SLA business hours (docs/onboarding.md "Create the company's tenant"). A new tenant has the
 * default definitions and no data; `tandem import` and `tandem sync` then fill it. Every mistake is
 * one line naming the setting and the value, exit code 2.
 */
import { type StoreOptions, UsageError } from '../config.js';
import {
  formatBusinessHours,
  TenantSettingError,
  type TenantSettingsInput,
  tenantEnvPart,
} from '../domain/tenant-settings.js';
import { ApprovalError } from '../loop/definition-changes.js';
import { LoopError } from '../loop/errors.js';
import { createTenant, updateTenant } from '../loop/tenant-settings.js';
import { seededDemos } from '../seed/demo-marker.js';
import type { RevenueDatabase } from '../store/database.js';
import { loadSlaPolicy } from '../store/definitions.js';
import type { TenantTable } from '../store/tables.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';

export interface TenantFlags extends StoreOptions {
  name?: string;
  timeZone?: string;
  currency?: string;
  fiscalYearStart?: string;
  businessHours?: string;
  holidays?: string;
}

const months = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The flags as settings; a fiscal year start that is not a whole number stays NaN for the rule to name. */
function settingsOf(flags: TenantFlags): TenantSettingsInput {
  const fiscal = flags.fiscalYearStart?.trim();
  return {
    name: flags.name,
    timeZone: flags.timeZone,
    currency: flags.currency,
    fiscalYearStart: fiscal === undefined ? undefined : /^\d+$/.test(fiscal) ? Number(fiscal) : Number.NaN,
    businessHours: flags.businessHours,
    holidays: flags.holidays
      ?.split(',')
      .map((date) => date.trim())
      .filter(Boolean),
  };
}

/** The domain's and the loop's refusals are the user's to fix: one line, exit code 2. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TenantSettingError || error instanceof LoopError)
      throw new UsageError(error.message);
    if (error instanceof ApprovalError)
      throw new UsageError(
        `this tenant needs the other team's sign-off on SLA policy changes, and the command speaks for no team: propose the business hours with updateTenant or updateSlaPolicy in GraphQL, as an admin whose token names their team (${error.message})`,
      );
    throw error;
  }
}

export async function tenantCreateCommand(id: string, flags: TenantFlags): Promise<void> {
  const database = await openMigratedDatabase(flags);
  try {
    const tenant = await asUsage(() => createTenant(database, { id, ...settingsOf(flags) }));
    const [described] = await describeTenants(database, [tenant]);
    console.log(
      `created tenant ${tenant.id} (${tenant.name}): ${settingsLine(described!)}; default stage ladder, scoring model and SLA policy (version 1), no data`,
    );
    console.log(
      `next: set TANDEM_${tenantEnvPart(tenant.id)}_TOKEN_SECRET for its tokens, then \`tandem import csv <file> --tenant ${tenant.id} --mapping <mapping.json>\` or \`tandem sync <source> --tenant ${tenant.id}\``,
    );
  } finally {
    await database.close();
  }
}

export async function tenantUpdateCommand(id: string, flags: TenantFlags): Promise<void> {
  const settings = settingsOf(flags);
  if (Object.values(settings).every((value) => value === undefined))
    throw new UsageError(
      'say what to change: --name, --time-zone, --currency, --fiscal-year-start, --business-hours or --holidays',
    );
  const database = await openMigratedDatabase(flags);
  try {
    const known = await listTenants(database);
    if (!known.some((tenant) => tenant.id === id))
      throw new UsageError(
        `unknown tenant '${id}' (${known.length ? `tenants: ${known.map((t) => t.id).join(', ')}` : 'none exists yet: create it with `tandem tenant create`'})`,
      );
    const ctx = { actor: { name: 'tandem tenant update', team: null }, now: Date.now() };
    const update = await asUsage(() => updateTenant(database, id, settings, ctx));
    const [described] = await describeTenants(database, [update.tenant]);
    const sla =
      update.slaPolicyVersion === null
        ? ''
        : update.slaPolicyApplied
          ? `; SLA policy version ${update.slaPolicyVersion}`
          : `; SLA policy version ${update.slaPolicyVersion} proposed, waiting for the other team's approval`;
    console.log(`updated tenant ${id} (${update.tenant.name}): ${settingsLine(described!)}${sla}`);
  } finally {
    await database.close();
  }
}

export interface TenantListOptions extends StoreOptions {
  json?: boolean;
}

export async function tenantListCommand(options: TenantListOptions): Promise<void> {
  const database = await openMigratedDatabase(options);
  try {
    const tenants = await describeTenants(database, await listTenants(database));
    if (options.json) {
      console.log(JSON.stringify(tenants, null, 2));
      return;
    }
    if (tenants.length === 0) {
      console.log('no tenants yet: `tandem tenant create <id> --name … --time-zone … --currency …`');
      return;
    }
    const header = [
      'id',
      'name',
      'time zone',
      'currency',
      'fiscal year',
      'business hours',
      'holidays',
      'people',
      'demo',
    ];
    const rows = tenants.map((t) => [
      t.id,
      t.name,
      t.timeZone,
      t.currency,
      `from ${months[t.fiscalYearStart - 1]}`,
      t.businessHours,
      String(t.holidays.length),
      t.people.toLocaleString('en'),
      t.demo ? 'yes' : 'no',
    ]);
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd();
    console.log([line(header), ...rows.map(line)].join('\n'));
  } finally {
    await database.close();
  }
}

/** A tenant as `tenant list` shows it (and `--json` prints it). */
export interface DescribedTenant {
  id: string;
  name: string;
  timeZone: string;
  currency: string;
  fiscalYearStart: number;
  /** The current SLA policy's: `Mon-Fri 09:00-17:00` */
  businessHours: string;
  holidays: string[];
  people: number;
  /** Made by `tandem seed` (the demo), not by `tandem tenant create`. */
  demo: boolean;
  createdAt: string;
}

async function describeTenants(
  database: RevenueDatabase,
  tenants: TenantTable[],
): Promise<DescribedTenant[]> {
  const demos = new Set((await seededDemos(database)).map((demo) => demo.tenantId));
  return Promise.all(
    tenants.map(async (tenant) => {
      const store = new TenantStore(database, tenant.id);
      const [policy, people] = await Promise.all([
        loadSlaPolicy(store),
        store.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        id: tenant.id,
        name: tenant.name,
        timeZone: tenant.time_zone,
        currency: tenant.currency,
        fiscalYearStart: Number(tenant.fiscal_year_start ?? 1),
        businessHours: formatBusinessHours(policy.calendar),
        holidays: policy.calendar.holidays,
        people: Number(people.n),
        demo: demos.has(tenant.id),
        createdAt: new Date(Number(tenant.created_at)).toISOString(),
      };
    }),
  );
}

function settingsLine(tenant: DescribedTenant): string {
  const holidays = tenant.holidays.length ? `, holidays ${tenant.holidays.join(', ')}` : '';
  return `${tenant.timeZone}, ${tenant.currency}, fiscal year from ${months[tenant.fiscalYearStart - 1]}, SLA business hours ${tenant.businessHours}${holidays}`;
}
