/**
 * Products, and how a deal finds the one it names: by its id in the source, else by its exact
 * name. A name that matches a product only once case and spacing are ignored (`NovaPro` for
 * `Nova Pro`) is not taken on a guess: the deal is written without a product and the warning
 * names the product it probably means.
 */
import { foldName } from '../domain/text.js';
import type { IngestBatch } from './batch.js';
import { derivedId } from './ids.js';
import type { ProductRecord, ProductRef } from './records.js';

export function applyProduct(batch: IngestBatch, record: ProductRecord): void {
  const id = derivedId('prd', record.system, record.sourceId);
  batch.products.set(id, {
    tenant_id: batch.tenantId,
    id,
    name: record.name,
    family: record.family ?? null,
    list_price: record.listPrice ?? null,
    source_system: record.system,
    source_id: record.sourceId,
  });
  batch.caches.productIds.add(id);
  batch.caches.productByName.set(record.name, id);
}

/** The product a deal names, or null with a warning saying why. */
export function productIdFor(batch: IngestBatch, ref: ProductRef | null | undefined): string | null {
  if (!ref) return null;
  const { productIds, productByName } = batch.caches;
  if ('sourceId' in ref) {
    const id = derivedId('prd', ref.system, ref.sourceId);
    if (productIds.has(id)) return id;
    // A CSV column "Product" may hold an id or a name: try the name too.
    const named = productByName.get(ref.sourceId.trim());
    if (named) return named;
    return unknownProduct(batch, ref.sourceId);
  }
  return productByName.get(ref.name.trim()) ?? unknownProduct(batch, ref.name);
}

function unknownProduct(batch: IngestBatch, value: string): null {
  const folded = foldName(value);
  const closest = [...batch.caches.productByName.keys()].find((name) => foldName(name) === folded);
  const hint = closest
    ? ` (did you mean '${closest}'? names must match exactly, case and spaces included)`
    : batch.caches.productByName.size
      ? ''
      : ' (no products are imported yet: import the products first)';
  batch.warn('unknownProduct', 'product', value, `is not a product: written without a product${hint}`);
  return null;
}
