import { quantileSorted } from 'd3-array';
import { scaleBand, scaleThreshold } from 'd3-scale';
import type { LeadScoreCell } from './lead-heatmap.query.js';

/**
 * Pure scoring-matrix geometry: `(cells, width, axes) → shapes`, in px, rounded to 0.1. No DOM, no
 * formatting. Rows are fit grades, columns engagement bands; any number of either (a benchmark lays out
 * 100 × 100), so nothing here assumes four.
 */

/** Rows (fit grades, best first) and columns (engagement bands, hottest first). */
export interface HeatmapAxes {
  grades: string[];
  bands: number[];
}

/** Color step: 0 for an empty cell, else 1 (fewest people) to 5 (most), by quantile of the counts. */
export type HeatLevel = 0 | 1 | 2 | 3 | 4 | 5;

/** What a cell can hold: both lines (count + "23.4% SQL"), a short rate ("23%"), or color only. */
export type CellText = 'full' | 'short' | 'none';

export interface HeatCellShape {
  /** Row-major position: row × columns + column (the roving-focus index). */
  index: number;
  row: number;
  column: number;
  /** The data; a missing cell is a zero cell, so the grid never has holes. */
  cell: LeadScoreCell;
  level: HeatLevel;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre: the count's baseline sits just above it, the rate's below. */
  cx: number;
  cy: number;
}

export interface AxisLabel {
  text: string;
  x: number;
  y: number;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  rows: number;
  columns: number;
  text: CellText;
  cells: HeatCellShape[];
  rowLabels: AxisLabel[];
  columnLabels: AxisLabel[];
  /** Baselines of the two axis titles ("Fit", "Engagement band…"). */
  fitTitle: { x: number; y: number };
  bandTitle: { x: number; y: number };
  /** The count range of each color step present, for the legend. */
  legend: { level: HeatLevel; min: number; max: number }[];
}

export const STANDARD_AXES: HeatmapAxes = { grades: ['A', 'B', 'C', 'D'], bands: [1, 2, 3, 4] };

const CHAR_WIDTH = 7; // average glyph width at 12px, to budget label widths without measuring
const TOP = 40; // band title at 14, column labels at 34
const MAX_ROW = 72;
const MIN_TEXT_ROW = 48;
const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * The grid's rows and columns from the cells: fit grades in the order the gateway sends them, bands
 * ascending. A matrix of the standard grades and bands always keeps the full 4 × 4.
 */
export function axesOf(cells: readonly LeadScoreCell[]): HeatmapAxes {
  const grades = [...new Set(cells.map((c) => c.fitGrade))];
  const bands = [...new Set(cells.map((c) => c.engagementBand))].sort((a, b) => a - b);
  return {
    grades: grades.every((g) => STANDARD_AXES.grades.includes(g)) ? STANDARD_AXES.grades : grades,
    bands: bands.every((b) => STANDARD_AXES.bands.includes(b)) ? STANDARD_AXES.bands : bands,
  };
}

const emptyCell = (fitGrade: string, engagementBand: number): LeadScoreCell => ({
  fitGrade,
  engagementBand,
  count: 0,
  reachedSql: 0,
  won: 0,
  sqlRate: null,
  winRate: null,
  isMarketingQualified: false,
});

/**
 * The cell at each grid position, row-major; a missing cell is a zero cell, so the grid never has
 * holes. Cells that already come in grid order (the gateway sends them grade-major) are used as they
 * are, without building 10,000 string keys for a 100 × 100 grid.
 */
function cellGrid(cells: readonly LeadScoreCell[], { grades, bands }: HeatmapAxes): readonly LeadScoreCell[] {
  const columns = bands.length;
  const inOrder =
    cells.length === grades.length * columns &&
    cells.every(
      (c, i) => c.fitGrade === grades[Math.floor(i / columns)] && c.engagementBand === bands[i % columns],
    );
  if (inOrder) return cells;
  const byKey = new Map(cells.map((c) => [`${c.fitGrade}\u0000${c.engagementBand}`, c]));
  return grades.flatMap((grade) =>
    bands.map((band) => byKey.get(`${grade}\u0000${band}`) ?? emptyCell(grade, band)),
  );
}

/**
 * Quantiles, not equal steps: lead counts are skewed (D4 often holds half the people), and equal steps
 * would paint every other cell the palest color. Empty cells get level 0 so "none" never reads as "few".
 * (scaleQuantile's thresholds, fed to scaleThreshold, which the kit already ships: 0.3 KB gzip less.)
 */
function levels(counts: number[]): (count: number) => HeatLevel {
  const positive = counts.filter((c) => c > 0);
  if (positive.length === 0) return () => 0;
  const sorted = positive.sort((a, b) => a - b);
  const quantile = scaleThreshold<number, HeatLevel>()
    .domain([0.2, 0.4, 0.6, 0.8].map((p) => quantileSorted(sorted, p) ?? 0))
    .range([1, 2, 3, 4, 5]);
  return (count) => (count > 0 ? quantile(count) : 0);
}

/** Every `k`-th label, so labels keep `min` px apart however many rows or columns there are. */
const every = (step: number, min: number): number => Math.max(1, Math.ceil(min / step));

const gapFor = (step: number): number => (step >= 24 ? 4 : step >= 6 ? 1 : 0);

export function layoutHeatmap(
  cells: readonly LeadScoreCell[],
  width: number,
  axes: HeatmapAxes = axesOf(cells),
): HeatmapLayout {
  const w = Math.round(width);
  const { grades, bands } = axes;
  const left = Math.max(36, Math.max(0, ...grades.map((g) => g.length)) * CHAR_WIDTH + 14);
  // Cells are separated by a gap of whole pixels (4, 1 or none as they shrink), never at the edges.
  const columnGap = gapFor((w - left) / Math.max(1, bands.length));
  const columnStep = (w - left + columnGap) / Math.max(1, bands.length);
  // Wide cells are short rectangles that hold two text lines; small ones are squares.
  const rowStep =
    columnStep >= MIN_TEXT_ROW ? Math.min(MAX_ROW, Math.max(MIN_TEXT_ROW, columnStep * 0.6)) : columnStep;
  const rowGap = gapFor(rowStep);
  const bottom = TOP + Math.max(0, grades.length * rowStep - rowGap);
  const x = scaleBand<number>()
    .domain(bands.map((_, i) => i))
    .range([left, w])
    .paddingInner(columnGap / columnStep);
  const y = scaleBand<number>()
    .domain(grades.map((_, i) => i))
    .range([TOP, bottom])
    .paddingInner(rowGap / rowStep);
  // Floored, not rounded: a rounded x plus a rounded width could poke 0.1 px past the edge.
  const cellWidth = Math.floor(x.bandwidth() * 10 + 1e-6) / 10;
  const cellHeight = Math.floor(y.bandwidth() * 10 + 1e-6) / 10;
  const text: CellText =
    cellWidth >= 92 && cellHeight >= 40 ? 'full' : cellWidth >= 40 && cellHeight >= 36 ? 'short' : 'none';

  const grid = cellGrid(cells, axes);
  const level = levels(cells.map((c) => c.count));
  // Column positions once, not per cell: a band scale call is a Map lookup (10,000 in a 100 × 100 grid).
  const lefts = bands.map((_, column) => round(x(column) ?? 0));
  const shapes: HeatCellShape[] = [];
  grades.forEach((_, row) => {
    const top = round(y(row) ?? 0);
    lefts.forEach((x0, column) => {
      const cell = grid[shapes.length];
      shapes.push({
        index: shapes.length,
        row,
        column,
        cell,
        level: level(cell.count),
        x: x0,
        y: top,
        width: cellWidth,
        height: cellHeight,
        cx: round(x0 + cellWidth / 2),
        cy: round(top + cellHeight / 2),
      });
    });
  });

  const everyColumn = every(columnStep, 28);
  const everyRow = every(rowStep, 14);
  const legend: HeatmapLayout['legend'] = [];
  for (const shape of shapes) {
    if (shape.level === 0) continue;
    const step = legend.find((l) => l.level === shape.level);
    if (step) {
      step.min = Math.min(step.min, shape.cell.count);
      step.max = Math.max(step.max, shape.cell.count);
    } else legend.push({ level: shape.level, min: shape.cell.count, max: shape.cell.count });
  }
  legend.sort((a, b) => a.level - b.level);

  return {
    width: w,
    height: round(bottom),
    rows: grades.length,
    columns: bands.length,
    text,
    cells: shapes,
    rowLabels: grades
      .map((grade, i) => ({ text: grade, x: left - 8, y: round((y(i) ?? 0) + cellHeight / 2 + 4) }))
      .filter((_, i) => i % everyRow === 0),
    columnLabels: bands
      .map((band, i) => ({ text: String(band), x: round((x(i) ?? 0) + cellWidth / 2), y: TOP - 6 }))
      .filter((_, i) => i % everyColumn === 0),
    fitTitle: { x: 0, y: TOP - 6 },
    bandTitle: { x: left, y: 14 },
    legend,
  };
}
