import { MISSING } from '../shared/format.js';
import type { DealStatus } from './customer-360.layout.js';

/** The words the widget shows for known values, and instants in the viewer's locale and time zone. */

export const FLAGS = [
  ['icpFit', 'ICP fit'],
  ['hasBudget', 'Budget'],
  ['hasTimeframe', 'Timeframe'],
  ['willingToEngage', 'Willing to engage'],
] as const;

/** Timeline kind → [class, marker, words]; unknown kinds get a neutral marker, never their own text as a class. */
export const KINDS: Record<string, readonly [string, string, string]> = {
  TOUCH: ['touch', '●', 'Marketing touch'],
  ACTIVITY: ['activity', '◆', 'Sales activity'],
  STAGE_CHANGE: ['stage', '▲', 'Stage change'],
  DEAL: ['deal-event', '■', 'Deal'],
};
export const OTHER_KIND = ['other', '•', 'Event'] as const;

export const DEALS: Record<DealStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost' };

export type When = 'day' | 'time' | 'both';
const WHEN: Record<When, Intl.DateTimeFormatOptions> = {
  day: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  both: { dateStyle: 'medium', timeStyle: 'short' },
};
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Instants in the viewer's time zone. Not shared/format.ts's `date`: that formats calendar days in
 * UTC, which would put an evening touch on the wrong day.
 */
export function formatInstant(locale: string | undefined, iso: string | null, style: When): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) return MISSING;
  const key = `${locale ?? ''}|${style}`;
  let format = instantFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale || undefined, WHEN[style]);
    } catch {
      format = new Intl.DateTimeFormat(undefined, WHEN[style]); // a malformed `locale` attribute
    }
    instantFormats.set(key, format);
  }
  return format.format(time);
}
