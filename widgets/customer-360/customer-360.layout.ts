import { linear } from '../shared/scale.js';
import type {
  Customer,
  CustomerDeal,
  CustomerPerson,
  PersonSla,
  SlaStatus,
  TimelineEntry,
} from './customer-360.query.js';

/**
 * Pure customer-360 layout: `(customer, width) → what goes where`: people order, SLA badges, deal
 * totals, timeline days and the activity sparkline, in px rounded to 0.1. No DOM, no formatting.
 */

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** What the SLA badge says. Status is always in words (and a glyph): never color alone. */
export interface SlaBadge {
  status: SlaStatus | 'NONE';
  label: string;
  icon: string;
  tone: Tone;
  /** The clock to show next to it: the deadline while untouched, else the response time. */
  clock: { kind: 'due' | 'overdue'; at: string } | { kind: 'response'; hours: number } | null;
}

export type DealStatus = 'open' | 'won' | 'lost';

export interface DayGroup {
  /** Calendar day key in the viewer's time zone (YYYY-MM-DD), '' for unreadable dates. */
  day: string;
  /** An instant on that day, to format the heading. */
  at: string;
  /** Index of the group's first entry in the whole timeline (the roving-focus index). */
  start: number;
  entries: TimelineEntry[];
}

export interface DensityBar {
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
}

/** Entries per period, oldest left: a sparkline of how busy the shown timeline was. */
export interface Density {
  width: number;
  height: number;
  /** Baseline of the bars; the date labels sit below it. */
  plotHeight: number;
  bars: DensityBar[];
  /** Oldest and newest instant shown; null without entries. */
  from: string | null;
  to: string | null;
}

export interface CustomerLayout {
  /** People and deals beside the timeline (two columns) rather than above it. */
  wide: boolean;
  /** The focus person first, the rest in the gateway's order. */
  people: CustomerPerson[];
  focusId: string | null;
  totals: Record<DealStatus, { count: number; amount: number }>;
  days: DayGroup[];
  density: Density;
}

export const WIDE_FROM = 880;
export const COLUMN_GAP = 32;
const PLOT = 32;
const LABELS = 16;
const MIN_PITCH = 8; // px per period: narrower bars stop reading as bars
const DAY_MS = 86_400_000;

const round = (value: number): number => Math.round(value * 10) / 10;
const pad = (n: number): string => String(n).padStart(2, '0');

const BADGES: Record<SlaStatus, Pick<SlaBadge, 'label' | 'icon' | 'tone'>> = {
  WITHIN_TARGET: { label: 'Within target', icon: '✓', tone: 'good' },
  LATE: { label: 'Late', icon: '!', tone: 'warn' },
  OPEN: { label: 'Open', icon: '◷', tone: 'neutral' },
  BREACHED: { label: 'Breached', icon: '✕', tone: 'bad' },
  SENT_BACK: { label: 'Sent back', icon: '↩', tone: 'neutral' },
};

export function slaBadge(sla: PersonSla | null): SlaBadge {
  if (!sla) return { status: 'NONE', label: 'Not handed off', icon: '–', tone: 'neutral', clock: null };
  const known = Object.hasOwn(BADGES, sla.status);
  const badge = known ? BADGES[sla.status] : { label: 'Unknown', icon: '?', tone: 'neutral' as const };
  const untouched = sla.status === 'OPEN' || sla.status === 'BREACHED';
  const clock: SlaBadge['clock'] = untouched
    ? { kind: sla.status === 'OPEN' ? 'due' : 'overdue', at: sla.deadlineAt }
    : typeof sla.responseHours === 'number'
      ? { kind: 'response', hours: round(sla.responseHours) }
      : null;
  return { status: known ? sla.status : 'NONE', ...badge, clock };
}

export const dealStatus = (deal: CustomerDeal): DealStatus =>
  !deal.isClosed ? 'open' : deal.isWon ? 'won' : 'lost';

export function dealTotals(deals: CustomerDeal[]): CustomerLayout['totals'] {
  const totals = {
    open: { count: 0, amount: 0 },
    won: { count: 0, amount: 0 },
    lost: { count: 0, amount: 0 },
  };
  for (const deal of deals) {
    const total = totals[dealStatus(deal)];
    total.count++;
    // An unknown amount (null) adds nothing: the sum is of the amounts known.
    total.amount += deal.amount !== null && Number.isFinite(deal.amount) ? deal.amount : 0;
  }
  return totals;
}

/** The person looked up leads; everyone else keeps the gateway's order (by last name). */
export function orderPeople(people: CustomerPerson[], focusId: string | null): CustomerPerson[] {
  const focus = people.filter((p) => p.id === focusId);
  return [...focus, ...people.filter((p) => p.id !== focusId)];
}

/** The calendar day of an instant in the viewer's time zone. */
export function localDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Runs of entries on the same day (the timeline is newest first, so a day's entries are adjacent). */
export function groupByDay(entries: TimelineEntry[], dayOf: (iso: string) => string = localDay): DayGroup[] {
  const groups: DayGroup[] = [];
  entries.forEach((entry, index) => {
    const day = dayOf(entry.occurredAt);
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.entries.push(entry);
    else groups.push({ day, at: entry.occurredAt, start: index, entries: [entry] });
  });
  return groups;
}

/** Equal periods (a day long while they fit, else longer) from the oldest to the newest entry shown. */
export function layoutDensity(entries: TimelineEntry[], width: number): Density {
  const w = Math.round(width);
  const timed = entries
    .map((e) => ({ t: Date.parse(e.occurredAt), at: e.occurredAt }))
    .filter((e) => Number.isFinite(e.t))
    .sort((a, b) => a.t - b.t);
  const density = { width: w, height: PLOT + LABELS, plotHeight: PLOT, bars: [], from: null, to: null };
  if (timed.length === 0) return density;
  const t0 = timed[0].t;
  const span = timed[timed.length - 1].t - t0;
  const periods = Math.max(1, Math.min(Math.floor(span / DAY_MS) + 1, Math.floor(w / MIN_PITCH)));
  const counts = new Array<number>(periods).fill(0);
  for (const { t } of timed) counts[Math.min(periods - 1, Math.floor(((t - t0) / (span || 1)) * periods))]++;
  const height = linear([0, Math.max(...counts)], [0, PLOT - 2]);
  const pitch = w / periods;
  const barWidth = round(Math.max(1, Math.min(pitch * 0.8, 16)));
  const bars: DensityBar[] = [];
  counts.forEach((count, i) => {
    const h = round(Math.max(2, height(count))); // a period with any activity stays visible
    if (count)
      bars.push({
        x: round(i * pitch + (pitch - barWidth) / 2),
        y: round(PLOT - h),
        width: barWidth,
        height: h,
        count,
      });
  });
  return { ...density, bars, from: timed[0].at, to: timed[timed.length - 1].at };
}

export function layoutCustomer(
  customer: Customer,
  width: number,
  dayOf: (iso: string) => string = localDay,
): CustomerLayout {
  const w = Math.round(width);
  const wide = w >= WIDE_FROM;
  const entries = customer.timeline.edges.map((edge) => edge.node);
  const focusId = customer.focus?.id ?? null;
  return {
    wide,
    people: orderPeople(customer.people, focusId),
    focusId,
    totals: dealTotals(customer.opportunities),
    days: groupByDay(entries, dayOf),
    density: layoutDensity(entries, wide ? Math.floor((w - COLUMN_GAP) / 2) : w),
  };
}
