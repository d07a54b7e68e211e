import { ticks } from 'd3-array';
import { scaleBand, scalePoint } from 'd3-scale';
import { linear } from '../shared/scale.js';
import type { Trend } from './trend.series.js';

/** Pure trend geometry: `(trend, width, chart) → shapes`, in px, rounded to 0.1. No DOM, no formatting. */

export type TrendChart = 'line' | 'bars';

export interface TrendMark {
  series: number;
  period: number;
  value: number;
  /** The point (line) or the bar's top-left corner. */
  x: number;
  y: number;
  /** Bars only. */
  width: number;
  height: number;
  tip: { x: number; y: number };
}

export interface TrendLayout {
  chart: TrendChart;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** One path per series (line chart; '' for bars), gaps where a period has no value. */
  paths: string[];
  /** Marks in reading order: series by series, each through time. */
  marks: TrendMark[];
  yTicks: { value: number; y: number }[];
  /** Period labels that fit (every k-th), with their x. */
  xTicks: { period: number; x: number }[];
}

const M = { left: 64, right: 12, top: 10, bottom: 28, plot: 220 };
const LABEL_WIDTH = 64; // room for "2026-W10" / "FY2026 Q1" at 11px
const round = (value: number): number => Math.round(value * 10) / 10;
const known = (v: number | null): v is number => v !== null && Number.isFinite(v);

export function layoutTrend(trend: Trend, width: number, chart: TrendChart = 'line'): TrendLayout {
  const w = Math.round(width);
  const plot = { left: M.left, top: M.top, right: w - M.right, bottom: M.top + M.plot };
  const values = trend.series.flatMap((s) => s.values.filter(known));
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const yTickValues = ticks(lo, hi, 4);
  lo = Math.min(lo, yTickValues[0] ?? lo);
  hi = Math.max(hi, yTickValues[yTickValues.length - 1] ?? hi);
  const y = linear([lo, hi], [plot.bottom, plot.top]);
  const zero = y(0);
  const periods = trend.periods.map((_, i) => i);

  const band = scaleBand<number>()
    .domain(periods)
    .range([plot.left, plot.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const point = scalePoint<number>().domain(periods).range([plot.left, plot.right]).padding(0.5);
  const inner = scaleBand<number>()
    .domain(trend.series.map((_, i) => i))
    .range([0, band.bandwidth()])
    .paddingInner(0.1);

  const marks: TrendMark[] = [];
  const paths: string[] = [];
  trend.series.forEach((series, s) => {
    let path = '';
    let pen = false;
    series.values.forEach((value, p) => {
      if (!known(value)) {
        pen = false;
        return;
      }
      if (chart === 'bars') {
        const x = round((band(p) ?? 0) + (inner(s) ?? 0));
        const top = round(Math.min(y(value), zero));
        const height = round(Math.abs(y(value) - zero));
        const barWidth = round(Math.max(1, inner.bandwidth()));
        marks.push({
          series: s,
          period: p,
          value,
          x,
          y: top,
          width: barWidth,
          height,
          tip: { x: round(x + barWidth / 2), y: top },
        });
      } else {
        const x = round(point(p) ?? 0);
        const py = round(y(value));
        path += `${pen ? 'L' : 'M'}${x},${py}`;
        pen = true;
        marks.push({ series: s, period: p, value, x, y: py, width: 0, height: 0, tip: { x, y: py } });
      }
    });
    paths.push(path);
  });

  const every = Math.max(
    1,
    Math.ceil(periods.length / Math.max(1, Math.floor((plot.right - plot.left) / LABEL_WIDTH))),
  );
  const centre = (p: number) =>
    round(chart === 'bars' ? (band(p) ?? 0) + band.bandwidth() / 2 : (point(p) ?? 0));
  return {
    chart,
    width: w,
    height: plot.bottom + M.bottom,
    plot,
    paths,
    marks,
    yTicks: yTickValues.map((value) => ({ value, y: round(y(value)) })),
    xTicks: periods.filter((p) => p % every === 0).map((p) => ({ period: p, x: centre(p) })),
  };
}
