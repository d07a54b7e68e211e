import { nothing, svg, type TemplateResult } from 'lit';
import type { HeatCellShape, HeatLevel, HeatmapLayout } from './lead-heatmap.layout.js';

/**
 * Large matrices (more than LARGE_GRID cells, e.g. a benchmark's 100 × 100) are drawn as one `<path>`
 * per color step instead of an element per cell: 10,000 rect templates took ~0.5 s of a ~1 s first
 * render; seven paths take a few ms. Pointer and keyboard work from coordinates: one transparent
 * hit area, and one focusable rect that moves to the active cell (the roving index). The 4 × 4 and
 * other small grids keep an element per cell (lead-heatmap.cells.ts).
 */
export const LARGE_GRID = 400;

export const isLargeGrid = (layout: HeatmapLayout): boolean => layout.cells.length > LARGE_GRID;

export interface GridPaths {
  /** One path per color step present (level 0 = empty cells), lowest first. */
  levels: { level: HeatLevel; d: string }[];
  /** Outlines of the marketing-qualified cells; '' when there are none. */
  mql: string;
  /** The grid's bounds, for the hit area. */
  x: number;
  y: number;
  width: number;
  height: number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

export function gridPaths(layout: HeatmapLayout): GridPaths {
  const first = layout.cells[0];
  const last = layout.cells[layout.cells.length - 1];
  if (!first || !last) return { levels: [], mql: '', x: 0, y: 0, width: 0, height: 0 };
  // Every cell has the same size: only its corner changes ("M x y" + the shared "h w v h h -w z").
  const rest = `h${first.width}v${first.height}h${-first.width}z`;
  const byLevel = ['', '', '', '', '', ''];
  let mql = '';
  for (const shape of layout.cells) {
    const square = `M${shape.x} ${shape.y}${rest}`;
    byLevel[shape.level] += square;
    if (shape.cell.isMarketingQualified) mql += square;
  }
  return {
    levels: byLevel.flatMap((d, level) => (d ? [{ level: level as HeatLevel, d }] : [])),
    mql,
    x: first.x,
    y: first.y,
    width: round(last.x + last.width - first.x),
    height: round(last.y + last.height - first.y),
  };
}

/** Index of the last of `starts` (ascending) at or before `value`; gaps between cells count as the cell before. */
function lastAtOrBefore(starts: (i: number) => number, count: number, value: number): number {
  let [lo, hi] = [0, count - 1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts(mid) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The cell under chart coordinates (x, y), or -1 outside the grid. */
export function cellAt(layout: HeatmapLayout, x: number, y: number): number {
  const { cells, columns, rows } = layout;
  const last = cells[cells.length - 1];
  if (!last || x < cells[0].x || y < cells[0].y || x > last.x + last.width || y > last.y + last.height)
    return -1;
  const column = lastAtOrBefore((i) => cells[i].x, columns, x);
  const row = lastAtOrBefore((i) => cells[i * columns].y, rows, y);
  return row * columns + column;
}

/**
 * The active cell after `key` (row-major: ←/→ run through the rows, ↑/↓ move by a row and stop at
 * the edges, Home/End), or undefined for any other key.
 */
export function nextCell(key: string, index: number, layout: HeatmapLayout): number | undefined {
  const { columns } = layout;
  const count = layout.cells.length;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  const moves: Record<string, number> = {
    ArrowRight: clamp(index + 1),
    ArrowLeft: clamp(index - 1),
    ArrowDown: index + columns < count ? index + columns : index,
    ArrowUp: index - columns >= 0 ? index - columns : index,
    Home: 0,
    End: count - 1,
  };
  return moves[key];
}

export interface GridState {
  /** The roving index: where the focusable rect sits. */
  active: number;
  /** Its accessible name (the cell's description). */
  label: string;
  /** The cell whose leads are listed, or -1. */
  expanded: number;
  /** The cell under the pointer, or -1. */
  hover: number;
}

const outline = (s: HeatCellShape | undefined, name: string) =>
  s ? svg`<rect class=${name} x=${s.x} y=${s.y} width=${s.width} height=${s.height}></rect>` : nothing;

/**
 * The paths are aria-hidden: the focusable rect names the active cell, and the hidden table sums up
 * each fit grade. Listeners go on the group (see the component).
 */
export function renderGrid(layout: HeatmapLayout, paths: GridPaths, state: GridState): TemplateResult {
  const active = layout.cells[state.active] ?? layout.cells[0];
  const open = state.active === state.expanded ? 'true' : 'false';
  return svg`<g aria-hidden="true">
      ${paths.levels.map(({ level, d }) => svg`<path class="level-${level}" d=${d}></path>`)}
      ${paths.mql ? svg`<path class="mql-outline" d=${paths.mql}></path>` : nothing}
      <rect class="hit" x=${paths.x} y=${paths.y} width=${paths.width} height=${paths.height}></rect>
      ${state.hover === state.expanded ? nothing : outline(layout.cells[state.hover], 'hover')}
      ${outline(layout.cells[state.expanded], 'expanded')}
    </g>
    <rect data-mark data-index=${active.index} class="active" role="button" tabindex="0" aria-label=${state.label}
      aria-expanded=${open} x=${active.x} y=${active.y} width=${active.width} height=${active.height}></rect>`;
}
