import { linear } from '../shared/scale.js';
import type { CampaignRoiRow } from './campaign-roi.query.js';

/**
 * Pure campaign-ROI geometry: `(campaigns, unattributed revenue, width) → shapes`, in px, rounded to
 * 0.1. No DOM, no formatting. One row per campaign, highest attributed revenue first: its name and ROI
 * on a line, then its spend bar over its attributed-revenue bar, both on one shared scale.
 */

export type RoiSign = 'gain' | 'loss' | 'neutral';

export interface BarShape {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Start of the value written after the bar's end. */
  value: { x: number; y: number };
}

export interface CampaignShape {
  index: number;
  row: CampaignRoiRow;
  /** gain above 0, loss below, neutral at break-even or without spend: a known class, never data. */
  sign: RoiSign;
  name: { x: number; y: number; maxChars: number };
  roi: { x: number; y: number };
  spend: BarShape;
  revenue: BarShape;
  /** The whole row, so a click anywhere on it (not just on a bar) selects the campaign. */
  hit: { x: number; y: number; width: number; height: number };
  /** Tooltip anchor. */
  tip: { x: number; y: number };
}

export interface RoiLayout {
  width: number;
  height: number;
  campaigns: CampaignShape[];
  /** The muted row of won revenue no touch earns credit for; null when there is none. */
  unattributed: { name: { x: number; y: number }; bar: BarShape } | null;
}

const CHAR_WIDTH = 7; // average glyph width at 12px, to budget name lengths without measuring
/** Room after the longest bar for its value ("1,2 Mio. €", "$123.4K"). */
const VALUE_GUTTER = 80;
/** Room at the right of the name line for the ROI ("ROI +1,234%"). */
const ROI_WIDTH = 96;
const ROW = { name: 13, spend: 20, revenue: 32, bar: 10, pitch: 56 };
const round = (value: number): number => Math.round(value * 10) / 10;

export const roiSign = (roi: number | null): RoiSign =>
  roi === null || !Number.isFinite(roi) || roi === 0 ? 'neutral' : roi > 0 ? 'gain' : 'loss';

/** Highest attributed revenue first, then highest spend, then name: a stable order for equal rows. */
export const byRevenue = (a: CampaignRoiRow, b: CampaignRoiRow): number =>
  b.attributedRevenue - a.attributedRevenue ||
  b.spend - a.spend ||
  (a.campaign.name < b.campaign.name ? -1 : a.campaign.name > b.campaign.name ? 1 : 0);

/** `order` null keeps the rows as given (campaign-roi.rows.ts has sorted and folded them). */
export function layoutCampaignRoi(
  campaigns: readonly CampaignRoiRow[],
  unattributedRevenue: number,
  width: number,
  order: typeof byRevenue | null = byRevenue,
): RoiLayout {
  const w = Math.round(width);
  const rows = order ? [...campaigns].sort(order) : campaigns;
  const amounts = rows.flatMap((r) => [r.spend, r.attributedRevenue]);
  const max = Math.max(0, unattributedRevenue, ...amounts);
  const scale = linear([0, max || 1], [0, w - VALUE_GUTTER]);
  // Any amount at all keeps a visible sliver, so "small" never reads as "none".
  const length = (amount: number) => (amount > 0 ? round(Math.max(2, scale(amount))) : 0);
  const bar = (y: number, amount: number): BarShape => {
    const barWidth = length(amount);
    return { x: 0, y, width: barWidth, height: ROW.bar, value: { x: round(barWidth + 4), y: y + 9 } };
  };
  const shapes = rows.map((row, index): CampaignShape => {
    const top = index * ROW.pitch;
    const spend = bar(top + ROW.spend, row.spend);
    const revenue = bar(top + ROW.revenue, row.attributedRevenue);
    return {
      index,
      row,
      sign: roiSign(row.roi),
      name: { x: 0, y: top + ROW.name, maxChars: Math.max(4, Math.floor((w - ROI_WIDTH) / CHAR_WIDTH)) },
      roi: { x: w, y: top + ROW.name },
      spend,
      revenue,
      hit: { x: 0, y: top, width: w, height: ROW.revenue + ROW.bar },
      tip: { x: round(Math.max(spend.width, revenue.width, 24) / 2), y: top + ROW.spend },
    };
  });
  const top = rows.length * ROW.pitch;
  const unattributed =
    unattributedRevenue > 0
      ? { name: { x: 0, y: top + ROW.name }, bar: bar(top + ROW.spend, unattributedRevenue) }
      : null;
  // + 4: the descenders of the last bar's value.
  const bottom = unattributed ? top + ROW.spend + ROW.bar : top - ROW.pitch + ROW.revenue + ROW.bar;
  const height = rows.length || unattributed ? bottom + 4 : 0;
  return { width: w, height, campaigns: shapes, unattributed };
}
