import { describe, expect, it } from 'vitest';
import { layoutTrend, type TrendLayout } from '../../../widgets/trend/trend.layout.js';
import type { Trend } from '../../../widgets/trend/trend.series.js';

const trend: Trend = {
  periods: ['2026-01', '2026-02', '2026-03'].map((label) => ({
    label,
    start: `${label}-01`,
    end: `${label}-28`,
  })),
  series: [
    { key: 'd:web', label: 'Web', value: 'web', other: false, values: [50, 60, 70] },
    { key: 'other', label: 'Other', value: null, other: true, values: [30, null, 20] },
  ],
  folded: 2,
  hidden: 0,
};

/** The layout as SVG-ish text: geometry diffs read like a picture. */
function toSvg(layout: TrendLayout): string {
  return [
    `<svg ${layout.chart} ${layout.width}x${layout.height}>`,
    ...layout.yTicks.map((t) => `  <tick y="${t.y}">${t.value}</tick>`),
    ...layout.xTicks.map((t) => `  <period x="${t.x}">${t.period}</period>`),
    ...layout.paths.map((d) => `  <path d="${d}"/>`),
    ...layout.marks.map(
      (m) =>
        `  <mark s="${m.series}" p="${m.period}" x="${m.x}" y="${m.y}" w="${m.width}" h="${m.height}">${m.value}</mark>`,
    ),
    '</svg>',
  ].join('\n');
}

describe('layoutTrend', () => {
  it('draws a line per series with a gap where a period has no value', () => {
    expect(toSvg(layoutTrend(trend, 400))).toMatchInlineSnapshot(`
      "<svg line 400x258>
        <tick y="230">0</tick>
        <tick y="167.1">20</tick>
        <tick y="104.3">40</tick>
        <tick y="41.4">60</tick>
        <period x="118">0</period>
        <period x="226">1</period>
        <period x="334">2</period>
        <path d="M118,72.9L226,41.4L334,10"/>
        <path d="M118,135.7M334,167.1"/>
        <mark s="0" p="0" x="118" y="72.9" w="0" h="0">50</mark>
        <mark s="0" p="1" x="226" y="41.4" w="0" h="0">60</mark>
        <mark s="0" p="2" x="334" y="10" w="0" h="0">70</mark>
        <mark s="1" p="0" x="118" y="135.7" w="0" h="0">30</mark>
        <mark s="1" p="2" x="334" y="167.1" w="0" h="0">20</mark>
      </svg>"
    `);
  });

  it('draws grouped bars from the zero line, one per series and period', () => {
    expect(toSvg(layoutTrend(trend, 400, 'bars'))).toMatchInlineSnapshot(`
      "<svg bars 400x258>
        <tick y="230">0</tick>
        <tick y="167.1">20</tick>
        <tick y="104.3">40</tick>
        <tick y="41.4">60</tick>
        <period x="118">0</period>
        <period x="226">1</period>
        <period x="334">2</period>
        <path d=""/>
        <path d=""/>
        <mark s="0" p="0" x="74.8" y="72.9" w="40.9" h="157.1">50</mark>
        <mark s="0" p="1" x="182.8" y="41.4" w="40.9" h="188.6">60</mark>
        <mark s="0" p="2" x="290.8" y="10" w="40.9" h="220">70</mark>
        <mark s="1" p="0" x="120.3" y="135.7" w="40.9" h="94.3">30</mark>
        <mark s="1" p="2" x="336.3" y="167.1" w="40.9" h="62.9">20</mark>
      </svg>"
    `);
  });

  it('puts zero inside the axis for negative values (ROI) and thins period labels at 280 px', () => {
    const roi: Trend = {
      ...trend,
      periods: Array.from({ length: 24 }, (_, i) => ({ label: `P${i}`, start: '', end: '' })),
      series: [
        {
          key: 'all',
          label: 'ROI',
          value: null,
          other: false,
          values: Array.from({ length: 24 }, (_, i) => i / 4 - 2),
        },
      ],
    };
    const layout = layoutTrend(roi, 280, 'bars');
    const zero = layout.yTicks.find((t) => t.value === 0)!;
    expect(layout.yTicks[0]!.value).toBeLessThan(0);
    expect(layout.marks[0]!.y).toBe(zero.y); // a negative bar hangs from zero
    expect(layout.marks[0]!.y + layout.marks[0]!.height).toBeLessThanOrEqual(layout.plot.bottom);
    expect(layout.xTicks.length).toBeLessThanOrEqual(4);
    for (const m of layout.marks) expect(m.x + m.width).toBeLessThanOrEqual(280);
  });

  it('handles no series and all-zero values', () => {
    expect(layoutTrend({ periods: [], series: [], folded: 0, hidden: 0 }, 600).marks).toEqual([]);
    const flat = layoutTrend({ ...trend, series: [{ ...trend.series[0]!, values: [0, 0, 0] }] }, 600);
    expect(new Set(flat.marks.map((m) => m.y)).size).toBe(1);
  });
});
