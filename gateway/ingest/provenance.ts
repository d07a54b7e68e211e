/**
 * Field-level merge with provenance: a field takes a record's value when it is empty or the record
 * is at least as recent as the one that set it; every field remembers which record that was.
 */
export interface FieldSource {
  system: string;
  sourceId: string;
  at: number;
}

export type Provenance = Record<string, FieldSource>;

/** Merges `values` into `target`, returns whether anything changed. Null/undefined values never overwrite. */
export function mergeFields<T extends object>(
  target: T,
  values: Partial<Record<keyof T & string, unknown>>,
  source: FieldSource,
  provenance: Provenance,
): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const current = (target as Record<string, unknown>)[field];
    const setBy = provenance[field];
    const newer = !setBy || source.at >= setBy.at;
    if (current === null || current === undefined || newer) {
      if (current !== value) changed = true;
      (target as Record<string, unknown>)[field] = value;
      provenance[field] = source;
    }
  }
  return changed;
}
