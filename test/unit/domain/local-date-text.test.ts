/** Dates without an offset, read in a zone and written back as the zone's local date (domain/local-date-text.ts). */
import { describe, expect, it } from 'vitest';
import { isoInstantIn, localDateText, zonedSourceInstant } from '../../../gateway/domain/local-date-text.js';

describe('local date text', () => {
  it('reads a date or date-time without an offset in the zone, one with an offset as written', () => {
    expect(isoInstantIn('2025-06-30', 'America/New_York')).toBe(Date.parse('2025-06-30T04:00:00Z'));
    expect(isoInstantIn('2025-06-30T23:30', 'Europe/Berlin')).toBe(Date.parse('2025-06-30T21:30:00Z'));
    expect(isoInstantIn('2025-06-30T23:30Z', 'Europe/Berlin')).toBe(Date.parse('2025-06-30T23:30:00Z'));
    expect(isoInstantIn('2025-06-30T23:30-0200', 'Europe/Berlin')).toBe(Date.parse('2025-07-01T01:30:00Z'));
    expect(isoInstantIn('2026-02-31', 'UTC')).toBeNull();
  });

  it('keeps a text that is no date as it is, for the record schema to refuse naming it', () => {
    expect(zonedSourceInstant('2026-02-31', 'Europe/Berlin')).toBe('2026-02-31');
    expect(zonedSourceInstant('soon', 'Europe/Berlin')).toBe('soon');
    expect(zonedSourceInstant('2025-05-01T12:00:00.000+0000', 'Europe/Berlin')).toBe(
      Date.parse('2025-05-01T12:00:00Z'),
    );
  });

  it('writes an instant as the local date a file of the tenant shows, with the time unless midnight', () => {
    expect(localDateText(Date.parse('2025-09-23T22:00:00Z'), 'Europe/Berlin')).toBe('2025-09-24');
    expect(localDateText(Date.parse('2025-09-23T22:00:00Z'), 'America/New_York')).toBe('2025-09-23 18:00');
  });
});
