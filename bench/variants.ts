/**
 * What the dashboard benchmark compares, each served by its own gateway process: Tandem as it
 * ships, and two baselines measured in the same run on the same data (issue #9):
 * - raw aggregates: every metric computed from the raw rows on every request (no rollups);
 * - naive resolvers: the same schema with loaders that neither batch nor cache (no DataLoader).
 */
import type { Limits } from '../gateway/server/limits.js';
import type { TandemYogaOptions } from '../gateway/server/yoga.js';

export interface Variant {
  id: 'tandem' | 'raw' | 'naive';
  label: string;
  /** What this variant changes in `createTandemYoga`. */
  options: TandemYogaOptions;
}

export const variants: readonly Variant[] = [
  { id: 'tandem', label: 'Tandem', options: {} },
  { id: 'raw', label: 'raw aggregates', options: { rollups: false } },
  { id: 'naive', label: 'naive resolvers', options: { naive: true } },
];

export type PerVariant<T> = Record<Variant['id'], T>;

/** A figure for each variant, in the order of `variants`. */
export function perVariant<T>(value: (id: Variant['id']) => T): PerVariant<T> {
  return Object.fromEntries(variants.map(({ id }) => [id, value(id)])) as PerVariant<T>;
}

export function variantById(id: string): Variant {
  const variant = variants.find((v) => v.id === id);
  if (!variant) throw new Error(`unknown variant '${id}' (known: ${variants.map((v) => v.id).join(', ')})`);
  return variant;
}

/**
 * The benchmark is one token hammering the gateway on purpose, and a baseline's request can take
 * seconds at a million touches: the rate limit and the execution timeout, which exist to stop
 * exactly that, are lifted so they measure the queries, not the protections.
 */
export const benchLimits: Partial<Limits> = {
  ratePerMinute: 1e9,
  rateBurst: 1e9,
  executionTimeoutMs: 600_000,
};
