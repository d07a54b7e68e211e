/**
 * Dates as CSV exports write them, read in the time zone the mapping names. A format is `iso`
 * (with or without an offset; without one it is local time in the zone), `epoch-ms`, `epoch-s`,
 * or a pattern of YYYY, MM/M, DD/D, HH/H, mm, ss, SSS and literal characters, e.g.
 * `DD/MM/YYYY HH:mm`. A pattern's time part is optional in the data (midnight when absent).
 * Reading a text without an offset in a zone is the rule connectors and the events endpoint share
 * (gateway/domain/local-date-text.ts).
 */
import { isoInstantIn, type WallClockFields, wallClockOfFields } from '../../domain/local-date-text.js';
import { instantOfWallClock, isValidTimeZone } from '../../domain/time-zone.js';

export type DateParser = (value: string) => number | null;

const tokens: Record<string, { group: string; field: keyof WallClockFields }> = {
  YYYY: { group: '(\\d{4})', field: 'year' },
  MM: { group: '(\\d{2})', field: 'month' },
  M: { group: '(\\d{1,2})', field: 'month' },
  DD: { group: '(\\d{2})', field: 'day' },
  D: { group: '(\\d{1,2})', field: 'day' },
  HH: { group: '(\\d{2})', field: 'hour' },
  H: { group: '(\\d{1,2})', field: 'hour' },
  mm: { group: '(\\d{2})', field: 'minute' },
  ss: { group: '(\\d{2})', field: 'second' },
  SSS: { group: '(\\d{1,3})', field: 'ms' },
};

export function dateParser(format: string, timeZone: string): DateParser {
  if (!isValidTimeZone(timeZone))
    throw new Error(`unknown time zone '${timeZone}' (use an IANA name such as Europe/Berlin)`);
  if (format === 'epoch-ms' || format === 'epoch-s') {
    const scale = format === 'epoch-ms' ? 1 : 1000;
    return (value) => (/^\d+(\.\d+)?$/.test(value) ? Math.round(Number(value) * scale) : null);
  }
  if (format === 'iso') return (value) => isoInstantIn(value, timeZone);
  return patternParser(format, timeZone);
}

function patternParser(format: string, timeZone: string): DateParser {
  const fields: (keyof WallClockFields)[] = [];
  let source = '';
  let timeStarts = -1;
  for (let i = 0; i < format.length; ) {
    const token = ['YYYY', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'].find((t) =>
      format.startsWith(t, i),
    );
    if (token) {
      if (timeStarts < 0 && ['hour', 'minute', 'second', 'ms'].includes(tokens[token]!.field))
        timeStarts = source.length;
      source += tokens[token]!.group;
      fields.push(tokens[token]!.field);
      i += token.length;
    } else {
      source += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (!fields.includes('year') || !fields.includes('month') || !fields.includes('day')) {
    throw new Error(
      `date format '${format}' needs YYYY, MM (or M) and DD (or D), or use iso, epoch-ms or epoch-s`,
    );
  }
  // The time part may be missing from a value: a date-only cell means midnight.
  const datePart = timeStarts < 0 ? source : source.slice(0, timeStarts).replace(/[ T,]+$/, '');
  const full = new RegExp(`^${source}$`);
  const dateOnly = new RegExp(`^${datePart}$`);
  return (value) => {
    const match = full.exec(value) ?? dateOnly.exec(value);
    if (!match) return null;
    const parsed: WallClockFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, ms: 0 };
    fields.forEach((field, index) => {
      const text = match[index + 1];
      if (text !== undefined) parsed[field] = field === 'ms' ? Number(text.padEnd(3, '0')) : Number(text);
    });
    const wall = wallClockOfFields(parsed);
    return wall === null ? null : instantOfWallClock(wall, timeZone);
  };
}
