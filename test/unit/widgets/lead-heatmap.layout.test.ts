import { describe, expect, it } from 'vitest';
import {
  axesOf,
  type HeatmapLayout,
  layoutHeatmap,
  STANDARD_AXES,
} from '../../../widgets/lead-heatmap/lead-heatmap.layout.js';
import type { LeadScoreCell } from '../../../widgets/lead-heatmap/lead-heatmap.query.js';

const cell = (fitGrade: string, engagementBand: number, count: number): LeadScoreCell => ({
  fitGrade,
  engagementBand,
  count,
  reachedSql: Math.round(count / 4),
  won: Math.round(count / 20),
  sqlRate: count ? Math.round(count / 4) / count : null,
  winRate: count ? Math.round(count / 20) / count : null,
  isMarketingQualified: 'AB'.includes(fitGrade) && engagementBand <= 2,
});

const counts = [
  [120, 310, 420, 380],
  [210, 540, 880, 950],
  [160, 610, 1300, 1500],
  [0, 400, 900, 1030],
];
const cells = STANDARD_AXES.grades.flatMap((g, r) => counts[r].map((n, c) => cell(g, c + 1, n)));

/** The layout as SVG-ish text: geometry diffs read like a picture. */
function toSvg(layout: HeatmapLayout): string {
  const lines = [
    ...layout.columnLabels.map((l) => `<text x="${l.x}" y="${l.y}">${l.text}</text>`),
    ...layout.rowLabels.map((l) => `<text x="${l.x}" y="${l.y}" anchor="end">${l.text}</text>`),
    ...layout.cells.map(
      (s) =>
        `<rect class="level-${s.level}${s.cell.isMarketingQualified ? ' mql' : ''}" x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}"/> <!-- ${s.cell.fitGrade}${s.cell.engagementBand} ${s.cell.count} -->`,
    ),
  ];
  const legend = layout.legend.map((l) => `${l.level}:${l.min}-${l.max}`).join(' ');
  return [
    `<svg ${layout.width}x${layout.height} grid="${layout.rows}x${layout.columns}" text="${layout.text}" legend="${legend}">`,
    ...lines.map((l) => `  ${l}`),
    '</svg>',
  ].join('\n');
}

describe('layoutHeatmap', () => {
  it('lays a 4 × 4 matrix out in rows of fit grades and columns of bands, colored by count quantile', () => {
    expect(toSvg(layoutHeatmap(cells, 600))).toMatchInlineSnapshot(`
      "<svg 600x324 grid="4x4" text="full" legend="1:120-210 2:310-400 3:420-610 4:880-950 5:1030-1500">
        <text x="105" y="34">1</text>
        <text x="247" y="34">2</text>
        <text x="389" y="34">3</text>
        <text x="531" y="34">4</text>
        <text x="28" y="78" anchor="end">A</text>
        <text x="28" y="150" anchor="end">B</text>
        <text x="28" y="222" anchor="end">C</text>
        <text x="28" y="294" anchor="end">D</text>
        <rect class="level-1 mql" x="36" y="40" width="138" height="68"/> <!-- A1 120 -->
        <rect class="level-2 mql" x="178" y="40" width="138" height="68"/> <!-- A2 310 -->
        <rect class="level-3" x="320" y="40" width="138" height="68"/> <!-- A3 420 -->
        <rect class="level-2" x="462" y="40" width="138" height="68"/> <!-- A4 380 -->
        <rect class="level-1 mql" x="36" y="112" width="138" height="68"/> <!-- B1 210 -->
        <rect class="level-3 mql" x="178" y="112" width="138" height="68"/> <!-- B2 540 -->
        <rect class="level-4" x="320" y="112" width="138" height="68"/> <!-- B3 880 -->
        <rect class="level-4" x="462" y="112" width="138" height="68"/> <!-- B4 950 -->
        <rect class="level-1" x="36" y="184" width="138" height="68"/> <!-- C1 160 -->
        <rect class="level-3" x="178" y="184" width="138" height="68"/> <!-- C2 610 -->
        <rect class="level-5" x="320" y="184" width="138" height="68"/> <!-- C3 1300 -->
        <rect class="level-5" x="462" y="184" width="138" height="68"/> <!-- C4 1500 -->
        <rect class="level-0" x="36" y="256" width="138" height="68"/> <!-- D1 0 -->
        <rect class="level-2" x="178" y="256" width="138" height="68"/> <!-- D2 400 -->
        <rect class="level-4" x="320" y="256" width="138" height="68"/> <!-- D3 900 -->
        <rect class="level-5" x="462" y="256" width="138" height="68"/> <!-- D4 1030 -->
      </svg>"
    `);
  });

  it('keeps short text in the cells at 280 px and stays inside the width', () => {
    const layout = layoutHeatmap(cells, 280);
    expect(layout.text).toBe('short');
    const right = Math.max(...layout.cells.map((s) => s.x + s.width));
    expect(right).toBeLessThanOrEqual(280);
    expect(layout.cells[0].x).toBeGreaterThanOrEqual(36);
  });

  it('caps the row height on wide screens', () => {
    const layout = layoutHeatmap(cells, 1600);
    expect(layout.text).toBe('full');
    expect(layout.cells[0].height).toBeLessThanOrEqual(72);
    expect(layout.cells[3].x + layout.cells[3].width).toBeCloseTo(1600, 0);
  });

  it('gives empty cells level 0, a lone or uniform count the top level, and fills missing cells with zeros', () => {
    const sparse = [cell('A', 1, 5), cell('B', 3, 5), cell('D', 4, 0)];
    const layout = layoutHeatmap(sparse, 600);
    expect(layout.cells).toHaveLength(16);
    expect(layout.cells.map((s) => s.level)).toEqual([5, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(layout.cells[1].cell).toMatchObject({ fitGrade: 'A', engagementBand: 2, count: 0, sqlRate: null });
    expect(layout.legend).toEqual([{ level: 5, min: 5, max: 5 }]);
    expect(layoutHeatmap(emptyCells(), 600).cells.every((s) => s.level === 0)).toBe(true);
  });

  it('orders rows and columns by the standard axes whatever order the cells come in', () => {
    const shuffled = [...cells].reverse();
    expect(axesOf(shuffled)).toEqual(STANDARD_AXES);
    expect(layoutHeatmap(shuffled, 600).cells.map((s) => s.cell.count)).toEqual(counts.flat());
  });

  it('generalises to 100 × 100: square color-only cells, labels thinned out, row-major indices', () => {
    const grades = Array.from({ length: 100 }, (_, i) => `G${i + 1}`);
    const big = grades.flatMap((g, r) =>
      Array.from({ length: 100 }, (_, c) => cell(g, c + 1, (r * 37 + c * 11) % 500)),
    );
    const started = performance.now();
    const layout = layoutHeatmap(big, 1000);
    const ms = performance.now() - started;
    expect(axesOf(big).grades.slice(0, 3)).toEqual(['G1', 'G2', 'G3']);
    expect(layout.rows).toBe(100);
    expect(layout.columns).toBe(100);
    expect(layout.text).toBe('none');
    expect(layout.cells).toHaveLength(10_000);
    expect(layout.cells[250]).toMatchObject({ index: 250, row: 2, column: 50 });
    expect(layout.cells[250].cell).toMatchObject({ fitGrade: 'G3', engagementBand: 51 });
    expect(layout.cells[0].width).toBe(layout.cells[0].height);
    expect(layout.columnLabels.length).toBeLessThan(50);
    expect(layout.rowLabels.length).toBeLessThanOrEqual(100);
    expect(layout.legend.map((l) => l.level)).toEqual([1, 2, 3, 4, 5]);
    expect(Math.max(...layout.cells.map((s) => s.x + s.width))).toBeLessThanOrEqual(1000);
    expect(ms).toBeLessThan(500);
  });
});

function emptyCells(): LeadScoreCell[] {
  return cells.map((c) => ({ ...c, count: 0, reachedSql: 0, won: 0, sqlRate: null, winRate: null }));
}

describe('cellTexts', () => {
  it('starts each accessible name with the cell’s visible text, or names the cell when it has none', async () => {
    const { cellTexts } = await import('../../../widgets/lead-heatmap/lead-heatmap.cells.js');
    const { formatters } = await import('../../../widgets/shared/format.js');
    const f = formatters('en-US');
    const [full, short, none] = [600, 280, 100].map((w) => cellTexts(layoutHeatmap(cells, w), f)[0]);
    expect(full).toEqual({
      count: '120',
      rate: '25% SQL',
      label: '120 25% SQL, fit A, band 1, 5% won, marketing-qualified',
    });
    expect(short).toEqual({
      count: '120',
      rate: '25%',
      label: '120 25% SQL, fit A, band 1, 5% won, marketing-qualified',
    });
    expect(none.label).toBe('fit A, band 1: 120 leads, 25% SQL, 5% won, marketing-qualified');
    const empty = cellTexts(layoutHeatmap(cells, 600), f)[12];
    expect(empty.label).toBe('0 —, fit D, band 1, — won');
  });
});
