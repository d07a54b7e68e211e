/**
 * The `products` import kind and a deal's product (issue #15), on SQLite and PostgreSQL: products
 * by code or name; a deal names its product by either; a name that differs only in case or spacing
 * is not taken on a guess but reported with the closest product, and an unknown one plainly; the
 * deal is written all the same, without a product.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../gateway/sources/csv/import.js';
import { checkMapping } from '../../gateway/sources/csv/mapping.js';
import { csvWarningText } from '../../gateway/sources/csv/warnings.js';
import { dialects } from '../support/databases.js';
import { type SourceTestDatabase, sourceTestDatabase } from './support.js';

const productsCsv = [
  'Product Code,Product Name,Product Family,List Price',
  'NP-1,Nova Pro,Analytics,"12,000"',
  'NL-1,Nova Lite,Analytics,4000',
  ',Onboarding Package,Services,',
  'BAD-1,Broken,Services,lots',
].join('\n');

const dealsCsv = [
  'Deal,Name,Stage,Amount,Product',
  'D-1,Exact name,Prospecting,1000,Nova Pro',
  'D-2,By code,Prospecting,2000,NL-1',
  'D-3,Squashed name,Prospecting,3000,NovaPro',
  'D-4,Lower case,Prospecting,4000,nova lite',
  'D-5,Unknown,Prospecting,5000,Nova Max',
  'D-6,No product,Prospecting,6000,',
].join('\n');

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`CSV products on ${dialect.name}`, () => {
    let test: SourceTestDatabase;
    let folder: string;
    const file = (name: string, text: string) => {
      const path = join(folder, name);
      writeFileSync(path, text);
      return path;
    };
    beforeAll(async () => {
      test = await sourceTestDatabase(dialect.name);
      folder = mkdtempSync(join(tmpdir(), 'tandem-products-'));
    });
    afterAll(async () => {
      await test?.drop();
      rmSync(folder, { recursive: true, force: true });
    });

    it('imports products by code or by name, rejecting a bad price by line and column', async () => {
      const report = await importCsv(test.acme, {
        file: file('products.csv', productsCsv),
        mapping: checkMapping({
          kind: 'products',
          system: 'crm',
          columns: {
            sourceId: 'Product Code',
            name: 'Product Name',
            family: 'Product Family',
            listPrice: 'List Price',
          },
        }),
      });
      expect(report).toMatchObject({ rows: 4, written: 3, rejectedCount: 1, warningCount: 0 });
      expect(report.rejected).toEqual([{ line: 5, reason: 'column "List Price": "lots" is not a number' }]);
      const products = await test.acme.db
        .selectFrom('products')
        .select(['id', 'name', 'family', 'list_price'])
        .orderBy('name')
        .execute();
      expect(products).toEqual([
        { id: 'prd_crm:NL-1', name: 'Nova Lite', family: 'Analytics', list_price: 4000 },
        { id: 'prd_crm:NP-1', name: 'Nova Pro', family: 'Analytics', list_price: 12000 },
        // No code: the name is its id.
        {
          id: 'prd_crm:Onboarding Package',
          name: 'Onboarding Package',
          family: 'Services',
          list_price: null,
        },
      ]);
    });

    it("links a deal to the product it names exactly, and reports near misses with the closest product's name", async () => {
      const report = await importCsv(test.acme, {
        file: file('deals.csv', dealsCsv),
        mapping: checkMapping({
          kind: 'opportunities',
          system: 'crm',
          columns: { sourceId: 'Deal', name: 'Name', stage: 'Stage', amount: 'Amount', product: 'Product' },
          values: { createdAt: '2026-03-01' },
        }),
      });
      expect(report).toMatchObject({ rows: 6, written: 6, rejectedCount: 0, warningCount: 3 });
      expect(report.warnings.map(csvWarningText)).toEqual([
        'line 4, column "Product": "NovaPro" is not a product: written without a product (did you mean \'Nova Pro\'? names must match exactly, case and spaces included)',
        'line 5, column "Product": "nova lite" is not a product: written without a product (did you mean \'Nova Lite\'? names must match exactly, case and spaces included)',
        'line 6, column "Product": "Nova Max" is not a product: written without a product',
      ]);
      expect(report.warningsByCode).toEqual({ unknownProduct: 3 });
      const deals = await test.acme.db
        .selectFrom('opportunities')
        .select(['source_id', 'product_id'])
        .orderBy('source_id')
        .execute();
      expect(deals).toEqual([
        { source_id: 'D-1', product_id: 'prd_crm:NP-1' },
        { source_id: 'D-2', product_id: 'prd_crm:NL-1' },
        { source_id: 'D-3', product_id: null },
        { source_id: 'D-4', product_id: null },
        { source_id: 'D-5', product_id: null },
        { source_id: 'D-6', product_id: null },
      ]);
    });

    it('splits revenue by product: the deals of a product sum to its revenue', async () => {
      const byProduct = await test.acme.db
        .selectFrom('opportunities as o')
        .leftJoin('products as p', 'p.id', 'o.product_id')
        .select((eb) => ['p.name', eb.fn.sum<number>('o.amount').as('amount')])
        .groupBy('p.name')
        .execute();
      const rows = byProduct.map((row) => [row.name ?? '(none)', Number(row.amount)]);
      expect(rows.sort()).toEqual([
        ['(none)', 18000],
        ['Nova Lite', 2000],
        ['Nova Pro', 1000],
      ]);
    });
  });
}
