/** Generated samples shared by the seed tests; each test file builds what it reads once. */

import type { BusinessCalendar } from '../../../gateway/domain/business-hours.js';
import type { SourceRecordInput } from '../../../gateway/ingest/records.js';
import { type DemoOptions, demoTenants, generateDemoRecords } from '../../../gateway/seed/generate.js';

export const now = new Date('2026-11-01T00:00:00Z');

export function sampleOptions(overrides: Partial<DemoOptions> = {}): DemoOptions {
  return { tenantId: 'acme', seed: 42, people: 3_000, touches: 30_000, now, ...overrides };
}

export function generate(overrides: Partial<DemoOptions> = {}): SourceRecordInput[] {
  return [...generateDemoRecords(sampleOptions(overrides))];
}

/** The SLA calendar of a demo tenant, as docs/domain.md's default: weekdays 9–17 in its zone. */
export function calendarOf(tenantId: string): BusinessCalendar {
  const tenant = demoTenants().find((candidate) => candidate.id === tenantId);
  return {
    timeZone: tenant?.timeZone ?? 'America/New_York',
    days: [1, 2, 3, 4, 5],
    startHour: 9,
    endHour: 17,
    holidays: [],
  };
}

export type RecordOf<K extends SourceRecordInput['kind']> = Extract<SourceRecordInput, { kind: K }>;

export function ofKind<K extends SourceRecordInput['kind']>(
  records: SourceRecordInput[],
  kind: K,
): RecordOf<K>[] {
  return records.filter((record): record is RecordOf<K> => record.kind === kind);
}

/** The instant a record happened at, for ordering checks; undefined for timeless records. */
export function instantOf(record: SourceRecordInput): number | undefined {
  switch (record.kind) {
    case 'person':
      return Date.parse(String(record.createdAt));
    case 'touch':
    case 'activity':
    case 'stageChange':
      return Date.parse(String(record.occurredAt));
    case 'opportunity':
      return Date.parse(String(record.createdAt));
    default:
      return undefined;
  }
}
