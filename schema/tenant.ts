/**
 * The tenant a request reads, and the tenants its token may see: its own only, since which other
 * companies share a gateway is no caller's business (a token names one tenant).
 */
import type { TenantTable } from '../gateway/store/tables.js';
import { builder } from './builder.js';

export const TenantRef = builder.objectRef<TenantTable>('Tenant').implement({
  description: 'A company using Tandem: its sales and marketing teams share this data.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Short key, the `tenant` claim of its tokens.' }),
    name: t.exposeString('name', { description: 'Company name.' }),
    timeZone: t.exposeString('time_zone', {
      description: 'IANA time zone in which dates and business hours are read.',
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code of every amount.' }),
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
