/** Intl-based formatting for a widget's `locale` and `currency`. Intl constructors are slow: cache them. */

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Shown for null / undefined / NaN values (a rate that is undefined, the last stage's conversion). */
export const MISSING = '—';

function safeLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined; // a malformed `locale` attribute falls back to the browser's locale
  }
}

function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string | undefined): Intl.DateTimeFormat {
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    // Dates are calendar days (YYYY-MM-DD); format them in UTC so no time zone shifts the day.
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format;
}

const isNumber = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export interface Formatters {
  number(value: number | null | undefined): string;
  /** `value` is a 0..1 fraction. */
  percent(value: number | null | undefined, maximumFractionDigits?: number): string;
  currency(value: number | null | undefined): string;
  /** An ISO date or date-time string. */
  date(value: string | null | undefined): string;
  duration(value: number | null | undefined, unit: 'day' | 'hour'): string;
  /** Short, for axis ticks and bar ends ("1.2K", "$12.3K", "1,2 Mio. €"); money with `currency`. */
  compact(value: number, currency?: boolean): string;
}

/** The formatters for one locale and currency (ISO 4217, default USD). */
export function formatters(locale?: string, currency?: string): Formatters {
  const loc = safeLocale(locale);
  const cur = /^[A-Za-z]{3}$/.test(currency ?? '') ? currency!.toUpperCase() : 'USD';
  return {
    number: (v) => (isNumber(v) ? numberFormat(loc, { maximumFractionDigits: 1 }).format(v) : MISSING),
    percent: (v, digits = 1) =>
      isNumber(v)
        ? numberFormat(loc, { style: 'percent', maximumFractionDigits: digits }).format(v)
        : MISSING,
    currency: (v) =>
      isNumber(v) ? numberFormat(loc, { style: 'currency', currency: cur }).format(v) : MISSING,
    date: (v) => {
      const time = v ? Date.parse(v) : Number.NaN;
      return Number.isNaN(time) ? MISSING : dateFormat(loc).format(time);
    },
    duration: (v, unit) =>
      isNumber(v)
        ? numberFormat(loc, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(v)
        : MISSING,
    compact: (v, money) =>
      numberFormat(loc, {
        notation: 'compact',
        maximumFractionDigits: 1,
        ...(money && { style: 'currency', currency: cur }),
      }).format(v),
  };
}
