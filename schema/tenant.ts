/**
 * The tenant a request reads, and the tenants its token may see: its own only, since which other
 * companies share a gateway is no caller's business (a token names one tenant).
 */
import { createGraphQLError } from 'graphql-yoga';
import { TenantSettingError } from '../gateway/domain/tenant-settings.js';
import { updateTenant } from '../gateway/loop/tenant-settings.js';
import type { TenantTable } from '../gateway/store/tables.js';
import { builder } from './builder.js';
import { definitionChange, editorRoles, requireRole } from './closed-loop.js';
import { loopContext } from './closed-loop-leads.js';

export const TenantRef = builder.objectRef<TenantTable>('Tenant').implement({
  description: 'A company using Tandem: its sales and marketing teams share this data.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Short key, the `tenant` claim of its tokens.' }),
    name: t.exposeString('name', { description: 'Company name.' }),
    timeZone: t.exposeString('time_zone', {
      description: 'IANA time zone in which dates and business hours are read.',
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code of every amount.' }),
    fiscalYearStart: t.int({
      description:
        'Month the fiscal year starts in, 1 (January) to 12; 1 unless set (docs/onboarding.md). Fiscal quarters and years start from it.',
      resolve: (tenant) => Number(tenant.fiscal_year_start ?? 1),
    }),
  }),
});

builder.queryFields((t) => ({
  tenant: t.field({
    type: TenantRef,
    description: 'The tenant this request reads: the one its token names.',
    resolve: (_root, _args, ctx) => ctx.tenant,
  }),
  tenants: t.field({
    type: [TenantRef],
    description:
      'The tenants this token may read: its own, the one `tenant` returns (a token names one tenant; other tenants on the gateway are not listed).',
    resolve: (_root, _args, ctx) => [ctx.tenant],
  }),
}));

const TenantSettingsInput = builder.inputType('TenantSettingsInput', {
  description:
    'Settings of the tenant the token names; fields left out stay as they are. Each mistake is refused with a code and the field (extensions.field), as `tandem tenant update` refuses it (docs/onboarding.md).',
  fields: (t) => ({
    name: t.string({ description: 'Company name (1–200 characters, else BAD_NAME).' }),
    timeZone: t.string({
      description:
        'IANA time zone, spelled as IANA does, e.g. Europe/Berlin (else BAD_TIME_ZONE, naming the closest zone). Changes which local day every date falls on; an SLA policy in the old zone moves with it (a new version).',
    }),
    currency: t.string({ description: 'ISO 4217 code, e.g. EUR (else BAD_CURRENCY).' }),
    fiscalYearStart: t.int({
      description: 'Month the fiscal year starts in, 1–12 (else BAD_FISCAL_YEAR_START).',
    }),
    businessHours: t.string({
      description:
        "The SLA's business days and hours, e.g. 'Mon-Fri 09:00-17:00' or 'Sun-Thu 08:00-16:00', whole hours (else BAD_BUSINESS_HOURS). Saves a new SLA policy version.",
    }),
    holidays: t.field({
      type: ['Date'],
      description:
        'Local dates without business hours, the whole list (else BAD_HOLIDAY). Saves a new SLA policy version.',
    }),
  }),
});

const TenantUpdateRef = builder
  .objectRef<{ tenant: TenantTable; slaPolicyVersion: number | null; slaPolicyApplied: boolean }>(
    'TenantUpdate',
  )
  .implement({
    description: 'What `updateTenant` changed.',
    fields: (t) => ({
      tenant: t.field({ type: TenantRef, description: 'The tenant as it is now.', resolve: (u) => u.tenant }),
      slaPolicyVersion: t.exposeInt('slaPolicyVersion', {
        nullable: true,
        description:
          'The SLA policy version that business hours, holidays or a new time zone saved (or the number a pending proposal will take); null when the policy did not change.',
      }),
      slaPolicyApplied: t.exposeBoolean('slaPolicyApplied', {
        description:
          'False when the tenant needs the other team’s sign-off (definitionsNeedApproval): the SLA policy change is a pending proposal.',
      }),
    }),
  });

builder.mutationFields((t) => ({
  updateTenant: t.field({
    type: TenantUpdateRef,
    description:
      'Changes the settings of the tenant the token names (name, time zone, currency, fiscal year start, SLA business hours and holidays). Needs an admin of that tenant. Tenants are created with `tandem tenant create`, not here: a token names one existing tenant (docs/onboarding.md).',
    args: {
      input: t.arg({ type: TenantSettingsInput, required: true, description: 'The settings to change.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      requireRole(ctx, ...editorRoles);
      try {
        return await definitionChange(() =>
          updateTenant(ctx.store.database, ctx.tenant.id, input, loopContext(ctx)),
        );
      } catch (error) {
        if (!(error instanceof TenantSettingError)) throw error;
        throw createGraphQLError(error.message, { extensions: { code: error.code, field: error.field } });
      }
    },
  }),
}));
