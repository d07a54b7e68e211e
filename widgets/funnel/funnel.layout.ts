import { scaleBand } from 'd3-scale';
import { linear } from '../shared/scale.js';
import type { FunnelStage, OwnerTeam } from './funnel.query.js';

/** Pure funnel geometry: `(stages, size) → shapes`, in px, rounded to 0.1. No DOM, no formatting. */

export type FunnelOrientation = 'horizontal' | 'vertical';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StageShape {
  key: string;
  label: string;
  team: OwnerTeam;
  reached: number;
  recycledBack: number;
  bar: Rect;
  /** Baseline of the stage's text; `stacked` puts label, count and recycled on separate lines. */
  text: { x: number; y: number; anchor: 'start' | 'middle'; stacked: boolean; maxChars: number };
  /** Where the conversion to the next stage is written; null on the last stage. */
  step: {
    x: number;
    y: number;
    anchor: 'start' | 'middle';
    conversion: number | null;
    medianDays: number | null;
  } | null;
  /** Tooltip anchor. */
  tip: { x: number; y: number };
}

export interface FunnelLayout {
  orientation: FunnelOrientation;
  width: number;
  height: number;
  stages: StageShape[];
}

/** Narrower columns cannot hold a stage label, so vertical falls back to horizontal below this. */
export const MIN_COLUMN_WIDTH = 110;
const CHAR_WIDTH = 7; // average glyph width at 12px, to budget label lengths without measuring
const H = { label: 20, bar: 22, step: 22 };
const V = { band: 44, plot: 220, line: 16, bottom: 56, inset: 10 };

const round = (value: number): number => Math.round(value * 10) / 10;
const team = (value: string): OwnerTeam => (value === 'sales' ? 'sales' : 'marketing');

function lengthScale(stages: FunnelStage[], range: number): (reached: number) => number {
  const max = Math.max(1, ...stages.map((s) => s.reached));
  const scale = linear([0, max], [0, range]);
  // A stage that was reached at all keeps a visible sliver, so "tiny" never reads as "zero".
  return (reached) => (reached > 0 ? Math.max(2, scale(reached)) : 0);
}

function base(stage: FunnelStage) {
  return {
    key: stage.key,
    label: stage.label,
    team: team(stage.ownerTeam),
    reached: stage.reached,
    recycledBack: stage.recycledBack,
  };
}

function horizontal(stages: FunnelStage[], width: number, textRoom: number): FunnelLayout {
  const length = lengthScale(stages, width);
  const pitch = H.label + H.bar + H.step;
  const shapes = stages.map((stage, i): StageShape => {
    const top = i * pitch;
    const barWidth = round(length(stage.reached));
    const last = i === stages.length - 1;
    return {
      ...base(stage),
      bar: { x: 0, y: top + H.label, width: barWidth, height: H.bar },
      text: {
        x: 0,
        y: top + 14,
        anchor: 'start',
        stacked: false,
        maxChars: Math.floor((width - textRoom) / CHAR_WIDTH),
      },
      step: last
        ? null
        : {
            x: 8,
            y: top + H.label + H.bar + 16,
            anchor: 'start',
            conversion: stage.conversionToNext,
            medianDays: stage.medianDaysToNext,
          },
      tip: { x: round(Math.max(barWidth, 24) / 2), y: top + H.label },
    };
  });
  return {
    orientation: 'horizontal',
    width,
    height: Math.max(0, stages.length * pitch - H.step),
    stages: shapes,
  };
}

function vertical(stages: FunnelStage[], width: number): FunnelLayout {
  const columns = scaleBand<number>()
    .domain(stages.map((_, i) => i))
    .range([0, width]);
  const column = columns.bandwidth();
  const length = lengthScale(stages, V.plot);
  const bottom = V.band + V.plot;
  const shapes = stages.map((stage, i): StageShape => {
    const left = columns(i) ?? 0;
    const barHeight = round(length(stage.reached));
    const center = round(left + column / 2);
    const last = i === stages.length - 1;
    return {
      ...base(stage),
      bar: {
        x: round(left + V.inset),
        y: round(bottom - barHeight),
        width: round(column - 2 * V.inset),
        height: barHeight,
      },
      text: {
        x: center,
        y: bottom + V.line + 2,
        anchor: 'middle',
        stacked: true,
        maxChars: Math.floor((column - 8) / CHAR_WIDTH),
      },
      step: last
        ? null
        : {
            x: round(left + column),
            y: 16,
            anchor: 'middle',
            conversion: stage.conversionToNext,
            medianDays: stage.medianDaysToNext,
          },
      tip: { x: center, y: round(bottom - barHeight) },
    };
  });
  return { orientation: 'vertical', width, height: bottom + V.bottom, stages: shapes };
}

/**
 * Lays out `stages` in ladder order at `width`; vertical needs MIN_COLUMN_WIDTH per stage. A
 * horizontal label keeps `textRoom` px free for the count and the recycled count after it.
 */
export function layoutFunnel(
  stages: FunnelStage[],
  width: number,
  orientation: FunnelOrientation = 'horizontal',
  textRoom = 180,
): FunnelLayout {
  const w = Math.round(width);
  const fitsVertical = stages.length > 0 && w / stages.length >= MIN_COLUMN_WIDTH;
  return orientation === 'vertical' && fitsVertical ? vertical(stages, w) : horizontal(stages, w, textRoom);
}

export interface PanelShape {
  /** The panel's top-left corner; its title's baseline is PANEL.title - 8 px above `y`. */
  x: number;
  y: number;
  layout: FunnelLayout;
}

/** Grouped funnels are side by side, as many per row as fit MIN_PANEL_WIDTH, then wrap. */
export const MIN_PANEL_WIDTH = 200;
export const PANEL = { gap: 24, title: 22 };

/** One horizontal funnel per group (each scaled to its own first stage), in rows of equal columns. */
export function layoutPanels(
  panels: FunnelStage[][],
  width: number,
): { width: number; height: number; panels: PanelShape[] } {
  const w = Math.round(width);
  const columns = Math.max(
    1,
    Math.min(panels.length, Math.floor((w + PANEL.gap) / (MIN_PANEL_WIDTH + PANEL.gap))),
  );
  const panelWidth = Math.floor((w - PANEL.gap * (columns - 1)) / columns);
  // The count ("12,345") alone follows a grouped label: no recycled count is asked per group.
  const layouts = panels.map((stages) => layoutFunnel(stages, panelWidth, 'horizontal', 56));
  const pitch = PANEL.title + (layouts[0]?.height ?? 0) + PANEL.gap;
  const shapes = layouts.map((layout, i) => ({
    x: (i % columns) * (panelWidth + PANEL.gap),
    y: Math.floor(i / columns) * pitch + PANEL.title,
    layout,
  }));
  return {
    width: w,
    height: Math.max(0, Math.ceil(panels.length / columns) * pitch - PANEL.gap),
    panels: shapes,
  };
}
