import { describe, expect, it } from 'vitest';
import { cellAt, gridPaths, isLargeGrid, nextCell } from '../../../widgets/lead-heatmap/lead-heatmap.grid.js';
import { layoutHeatmap } from '../../../widgets/lead-heatmap/lead-heatmap.layout.js';
import type { LeadScoreCell, LeadScoreMatrix } from '../../../widgets/lead-heatmap/lead-heatmap.query.js';
import { cellsTable, heatmapTable } from '../../../widgets/lead-heatmap/lead-heatmap.table.js';
import { formatters } from '../../../widgets/shared/format.js';

const cell = (fitGrade: string, engagementBand: number, count: number): LeadScoreCell => ({
  fitGrade,
  engagementBand,
  count,
  reachedSql: Math.round(count / 4),
  won: Math.round(count / 20),
  sqlRate: count ? Math.round(count / 4) / count : null,
  winRate: count ? Math.round(count / 20) / count : null,
  isMarketingQualified: false,
});

/** `size` × `size` cells, grades G1… and bands 1…, grade-major as the gateway sends them. */
function square(size: number): LeadScoreCell[] {
  return Array.from({ length: size * size }, (_, i) => {
    const [row, column] = [Math.floor(i / size), i % size];
    return {
      ...cell(`G${row + 1}`, column + 1, (row * 37 + column * 11) % 500),
      isMarketingQualified: row + column < 3,
    };
  });
}

describe('large heatmap grids', () => {
  const big = layoutHeatmap(square(100), 800);

  it('switch to paths above 400 cells', () => {
    expect(isLargeGrid(layoutHeatmap(square(20), 800))).toBe(false);
    expect(isLargeGrid(layoutHeatmap(square(21), 800))).toBe(true);
    expect(isLargeGrid(big)).toBe(true);
  });

  it('draw every cell once, in the path of its color step, and outline the MQL cells', () => {
    const paths = gridPaths(big);
    const squares = (d: string) => d.match(/M/g)?.length ?? 0;
    expect(paths.levels.reduce((sum, l) => sum + squares(l.d), 0)).toBe(10_000);
    for (const { level, d } of paths.levels) {
      expect(squares(d), `level ${level}`).toBe(big.cells.filter((s) => s.level === level).length);
    }
    expect(squares(paths.mql)).toBe(6);
    const [first] = big.cells;
    expect(paths.levels.find((l) => l.level === first.level)!.d).toContain(
      `M${first.x} ${first.y}h${first.width}v${first.height}h${-first.width}z`,
    );
    const last = big.cells[9_999];
    expect(paths.x + paths.width).toBeCloseTo(last.x + last.width, 5);
    expect(paths.y + paths.height).toBeCloseTo(last.y + last.height, 5);
  });

  it('find the cell under a point; the gap after a cell counts as that cell; outside is -1', () => {
    for (const index of [0, 1, 99, 100, 5050, 9_999]) {
      const s = big.cells[index];
      expect(cellAt(big, s.cx, s.cy)).toBe(index);
      expect(cellAt(big, s.x, s.y)).toBe(index);
    }
    for (const index of [0, 1, 100, 5050]) {
      const s = big.cells[index];
      expect(cellAt(big, s.x + s.width + 0.5, s.y + s.height + 0.5)).toBe(index);
    }
    const last = big.cells[9_999];
    expect(cellAt(big, last.x + last.width + 0.5, last.cy)).toBe(-1);
    expect(cellAt(big, big.cells[0].x - 1, big.cells[0].y)).toBe(-1);
    expect(cellAt(big, big.cells[0].x, 0)).toBe(-1);
  });

  it('move the active cell row-major with the keys, stopping at the edges', () => {
    expect(nextCell('ArrowRight', 99, big)).toBe(100); // through the rows
    expect(nextCell('ArrowLeft', 100, big)).toBe(99);
    expect(nextCell('ArrowDown', 5, big)).toBe(105);
    expect(nextCell('ArrowDown', 9_950, big)).toBe(9_950);
    expect(nextCell('ArrowUp', 50, big)).toBe(50);
    expect(nextCell('ArrowLeft', 0, big)).toBe(0);
    expect(nextCell('ArrowRight', 9_999, big)).toBe(9_999);
    expect([nextCell('Home', 4321, big), nextCell('End', 4321, big)]).toEqual([0, 9_999]);
    expect(nextCell('Enter', 7, big)).toBe(undefined);
  });

  it('sum the hidden table up per fit grade; the CSV keeps every cell', () => {
    const cells = square(100);
    const matrix: LeadScoreMatrix = {
      total: cells.reduce((sum, c) => sum + c.count, 0),
      bandThresholds: [10, 40, 100],
      mqlThreshold: { minGrade: 'G2', maxBand: 2 },
      cells,
    };
    const table = heatmapTable(matrix, formatters('en-US'), 'Summary.');
    expect(table.columns).toEqual([
      'Fit grade',
      'Leads',
      'Conversion to SQL',
      'Conversion to won',
      'In marketing-qualified cells',
    ]);
    expect(table.rows).toHaveLength(100);
    const g1 = cells.filter((c) => c.fitGrade === 'G1');
    const leads = g1.reduce((sum, c) => sum + c.count, 0);
    const sql = g1.reduce((sum, c) => sum + c.reachedSql, 0);
    expect(table.rows[0].map((c) => c.value)).toEqual([
      'G1',
      leads,
      sql / leads,
      g1.reduce((sum, c) => sum + c.won, 0) / leads,
      cells[0].count + cells[1].count + cells[2].count,
    ]);
    expect(table.caption).toBe(
      'Summary. One row per fit grade, summed over its 100 engagement bands (the CSV export lists every cell).',
    );
    expect(cellsTable(cells).rows).toHaveLength(10_000);
    // Up to 400 cells the table mirrors the grid.
    const small = square(20);
    const grid = heatmapTable({ ...matrix, cells: small }, formatters('en-US'), 'Summary.');
    expect(grid.columns).toHaveLength(21);
    expect(grid.rows).toHaveLength(20);
  });
});
