/**
 * The tenant a request reads, and the list of tenants (the demo's tenant switcher).
 */
import type { TenantTable } from '../gateway/store/tables.js';
import { listTenants } from '../gateway/store/tenants.js';
import { builder } from './builder.js';

export const TenantRef = builder.objectRef<TenantTable>('Tenant').implement({
  description: 'A company using Tandem: its sales and marketing teams share this data.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Short key, also the value of the `X-Tandem-Tenant` header.' }),
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
    description: 'The tenant this request reads (header `X-Tandem-Tenant`, or the first tenant).',
    resolve: (_root, _args, ctx) => ctx.tenant,
  }),
  tenants: t.field({
    type: [TenantRef],
    description: 'Every tenant on this gateway (the demo uses it to switch between its two companies).',
    resolve: (_root, _args, ctx) => listTenants(ctx.store.database),
  }),
}));
