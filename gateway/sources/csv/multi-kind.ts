/**
 * One file, several kinds: a lead list holds people, their lead source, the stage they reached
 * and when, so one mapping declares each kind's columns (`kinds`) and every row becomes a record
 * of each kind in one pass over the file (docs/onboarding.md "One file, several kinds").
 *
 * Records of a row are written in an order where what a record points at comes first: users
 * before the people they own, accounts before their people, campaigns (from costs) before the
 * touches on them, people before their deals, touches and stages.
 *
 * A lead list leaves cells blank where a lead has not reached a stage: a kind whose own columns
 * (those no other kind of the mapping reads) are all blank in a row makes no record from that
 * row, rather than a record rejected for a missing date.
 */
import type { ColumnSpec, CsvKindMapping } from './mapping.js';

/** Kinds in the order a row's records are written; a kind not listed here goes last. */
const writeOrder = ['users', 'accounts', 'costs', 'people', 'products', 'opportunities', 'touches', 'stages'];

const rank = (kind: string) => {
  const at = writeOrder.indexOf(kind);
  return at < 0 ? writeOrder.length : at;
};

/** The sections sorted into write order (stable: two sections of one kind keep the file's order). */
export function inWriteOrder<T extends { kind: string }>(sections: T[]): T[] {
  return sections
    .map((section, i) => ({ section, i }))
    .sort((a, b) => rank(a.section.kind) - rank(b.section.kind) || a.i - b.i)
    .map(({ section }) => section);
}

const columnOf = (spec: ColumnSpec) => (typeof spec === 'string' ? spec : spec.column);

/**
 * For each section, the columns only it reads; empty for a one-kind mapping, which makes a record
 * from every row (and rejects one that lacks what it needs).
 */
export function ownColumns(sections: CsvKindMapping[]): string[][] {
  if (sections.length < 2) return sections.map(() => []);
  const columnsOf = sections.map((section) => new Set(Object.values(section.columns).map(columnOf)));
  return columnsOf.map((mine, i) =>
    [...mine].filter((column) => columnsOf.every((other, j) => j === i || !other.has(column))),
  );
}

/** Whether a section makes a record from `row`: not when its own columns are all blank. */
export function sectionApplies(own: string[], row: Record<string, string>): boolean {
  return own.length === 0 || own.some((column) => row[column]?.trim());
}
