import { scaleThreshold } from 'd3-scale';
import { arcPath } from '../shared/arc.js';
import { linear } from '../shared/scale.js';

/** Pure SLA geometry: `(rates, width) → shapes`, in px, rounded to 0.1. No DOM, no formatting. */

export type Zone = 'bad' | 'warn' | 'good';

export interface Thresholds {
  /** Rates below this are red (bad). */
  redBelow: number;
  /** Rates below this (and at or above redBelow) are amber (warn). */
  amberBelow: number;
}

export interface GaugeShape {
  cx: number;
  cy: number;
  radius: number;
  /** Threshold bands around the outside, path strings centred on (cx, cy). */
  zones: { zone: Zone; d: string }[];
  track: string;
  /** The filled part of the track; null when the rate is undefined (no handoffs). */
  value: string | null;
  valueZone: Zone | null;
  /** Baselines of the centred rate, its caption and the breach line. */
  number: { x: number; y: number };
  caption: { x: number; y: number };
  breaches: { x: number; y: number };
}

export interface GoalBarShape {
  x: number;
  y: number;
  width: number;
  /** Baseline of the title above the bar and the detail below it. */
  title: { x: number; y: number };
  bar: { y: number; height: number; valueWidth: number; targetX: number };
  detail: { x: number; y: number };
}

export interface SlaLayout {
  width: number;
  height: number;
  gauge: GaugeShape;
  goal: GoalBarShape;
}

const SWEEP = (2 * Math.PI) / 3; // ±120°: a gauge that reads as a dial, not a pie
const GAP = 32;
const GOAL_MIN_WIDTH = 240;
const GOAL_HEIGHT = 64;
const round = (value: number): number => Math.round(value * 10) / 10;

export function zoneOf(rate: number | null, { redBelow, amberBelow }: Thresholds): Zone | null {
  if (rate === null || !Number.isFinite(rate)) return null;
  return scaleThreshold<number, Zone>().domain([redBelow, amberBelow]).range(['bad', 'warn', 'good'])(rate);
}

function gauge(rate: number | null, thresholds: Thresholds, diameter: number, x0: number): GaugeShape {
  const radius = round(diameter / 2 - 4);
  const cx = round(x0 + diameter / 2);
  const cy = round(radius + 4);
  const angle = linear([0, 1], [-SWEEP, SWEEP]);
  // Hand-written arcs, not d3-shape's: see shared/arc.ts (bundle budget).
  const band = ({ from, to }: { from: number; to: number }): string =>
    arcPath({
      innerRadius: round(radius * 0.93),
      outerRadius: radius,
      startAngle: angle(from),
      endAngle: angle(to),
    });
  const thick = ({ from, to }: { from: number; to: number }): string =>
    arcPath({
      innerRadius: round(radius * 0.66),
      outerRadius: round(radius * 0.87),
      startAngle: angle(from),
      endAngle: angle(to),
      cornerRadius: 2,
    });
  const red = Math.min(1, Math.max(0, thresholds.redBelow));
  const amber = Math.min(1, Math.max(red, thresholds.amberBelow));
  const zones: GaugeShape['zones'] = [
    { zone: 'bad' as const, from: 0, to: red },
    { zone: 'warn' as const, from: red, to: amber },
    { zone: 'good' as const, from: amber, to: 1 },
  ].map(({ zone, ...span }) => ({ zone, d: band(span) }));
  const valid = rate !== null && Number.isFinite(rate);
  const bottom = cy + radius / 2; // where the ±120° ends sit
  return {
    cx,
    cy,
    radius,
    zones,
    track: thick({ from: 0, to: 1 }),
    value: valid ? thick({ from: 0, to: Math.min(1, Math.max(0, rate)) }) : null,
    valueZone: zoneOf(rate, thresholds),
    number: { x: cx, y: round(cy + radius * 0.12) },
    caption: { x: cx, y: round(cy + radius * 0.12 + 22) },
    breaches: { x: cx, y: round(bottom + 20) },
  };
}

function goalBar(attainment: number | null, x: number, y: number, width: number): GoalBarShape {
  const value = attainment !== null && Number.isFinite(attainment) ? Math.max(0, attainment) : 0;
  // Over-attainment stays visible up to 2×; the goal line moves left to make room.
  const scale = linear([0, Math.max(1.25, Math.min(value, 2))], [0, width]);
  return {
    x,
    y,
    width,
    title: { x, y: y + 14 },
    bar: { y: y + 22, height: 14, valueWidth: round(scale(value)), targetX: round(x + scale(1)) },
    detail: { x, y: y + 54 },
  };
}

/**
 * The sales gauge and the marketing goal bar side by side when `width` allows, else stacked.
 * `rate` is the within-target share (0..1), `attainment` leads ÷ goal (may exceed 1).
 */
export function layoutSla(
  input: { rate: number | null; attainment: number | null } & Thresholds,
  width: number,
): SlaLayout {
  const w = Math.round(width);
  const diameter = Math.min(w, 260);
  const sideBySide = w >= diameter + GAP + GOAL_MIN_WIDTH;
  const gaugeHeight = round(diameter / 2 - 4 + 4 + (diameter / 2 - 4) / 2 + 28);
  const g = gauge(input.rate, input, diameter, sideBySide ? 0 : (w - diameter) / 2);
  const goal = sideBySide
    ? goalBar(
        input.attainment,
        diameter + GAP,
        round((gaugeHeight - GOAL_HEIGHT) / 2),
        Math.min(w - diameter - GAP, 520),
      )
    : goalBar(input.attainment, 0, gaugeHeight + 12, w);
  const height = sideBySide ? gaugeHeight : gaugeHeight + 12 + GOAL_HEIGHT;
  return { width: w, height: round(height), gauge: g, goal };
}
