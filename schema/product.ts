/**
 * Products (the `products` import kind): what a company sells, so that deals, and revenue, can be
 * split by product.
 */
import type { ProductTable } from '../gateway/store/tables.js';
import { builder } from './builder.js';

export const ProductRef = builder.objectRef<ProductTable>('Product').implement({
  description: 'Something the company sells. A deal names at most one (Opportunity.product).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Tandem id (`prd_<system>:<source id>`).' }),
    name: t.exposeString('name', { description: 'The product’s name, as imported; deals match it exactly.' }),
    family: t.exposeString('family', {
      nullable: true,
      description: 'Product family or line, e.g. "Analytics"; null when not imported.',
    }),
    listPrice: t.exposeFloat('list_price', {
      nullable: true,
      description: 'List price in the tenant’s currency; null when not imported.',
    }),
  }),
});

builder.queryField('products', (t) =>
  t.field({
    type: [ProductRef],
    description: 'Every product of the tenant, by name.',
    resolve: (_root, _args, ctx) => ctx.store.db.selectFrom('products').selectAll().orderBy('name').execute(),
  }),
);
