import { describe, expect, it } from 'vitest';
import { funnelPanels } from '../../../widgets/funnel/funnel.groups.js';
import { type FunnelLayout, layoutFunnel, layoutPanels } from '../../../widgets/funnel/funnel.layout.js';
import type { FunnelStage } from '../../../widgets/funnel/funnel.query.js';

const stage = (
  key: string,
  ownerTeam: 'marketing' | 'sales',
  reached: number,
  conversionToNext: number | null,
): FunnelStage => ({
  key,
  label: key.toUpperCase(),
  ownerTeam,
  reached,
  conversionToNext,
  medianDaysToNext: conversionToNext === null ? null : 3.5,
  recycledBack: key === 'sal' ? 12 : 0,
});

const stages = [
  stage('lead', 'marketing', 1000, 0.2),
  stage('mql', 'marketing', 200, 0.55),
  stage('sal', 'sales', 110, 0.5),
  stage('customer', 'sales', 55, null),
];

/** The layout as SVG-ish text: geometry diffs read like a picture. */
function toSvg(layout: FunnelLayout): string {
  const lines = layout.stages.flatMap((s) => [
    `<rect class="${s.team}" x="${s.bar.x}" y="${s.bar.y}" width="${s.bar.width}" height="${s.bar.height}"/>`,
    `<text x="${s.text.x}" y="${s.text.y}" anchor="${s.text.anchor}" max="${s.text.maxChars}">${s.label}</text>`,
    ...(s.step
      ? [`<text x="${s.step.x}" y="${s.step.y}" anchor="${s.step.anchor}">${s.step.conversion}</text>`]
      : []),
  ]);
  return [
    `<svg ${layout.orientation} ${layout.width}x${layout.height}>`,
    ...lines.map((l) => `  ${l}`),
    '</svg>',
  ].join('\n');
}

describe('layoutFunnel', () => {
  it('lays rows out with bar width ∝ reached', () => {
    expect(toSvg(layoutFunnel(stages, 600))).toMatchInlineSnapshot(`
      "<svg horizontal 600x234>
        <rect class="marketing" x="0" y="20" width="600" height="22"/>
        <text x="0" y="14" anchor="start" max="60">LEAD</text>
        <text x="8" y="58" anchor="start">0.2</text>
        <rect class="marketing" x="0" y="84" width="120" height="22"/>
        <text x="0" y="78" anchor="start" max="60">MQL</text>
        <text x="8" y="122" anchor="start">0.55</text>
        <rect class="sales" x="0" y="148" width="66" height="22"/>
        <text x="0" y="142" anchor="start" max="60">SAL</text>
        <text x="8" y="186" anchor="start">0.5</text>
        <rect class="sales" x="0" y="212" width="33" height="22"/>
        <text x="0" y="206" anchor="start" max="60">CUSTOMER</text>
      </svg>"
    `);
  });

  it('lays columns out when each stage gets 110 px', () => {
    expect(toSvg(layoutFunnel(stages, 480, 'vertical'))).toMatchInlineSnapshot(`
      "<svg vertical 480x320>
        <rect class="marketing" x="10" y="44" width="100" height="220"/>
        <text x="60" y="282" anchor="middle" max="16">LEAD</text>
        <text x="120" y="16" anchor="middle">0.2</text>
        <rect class="marketing" x="130" y="220" width="100" height="44"/>
        <text x="180" y="282" anchor="middle" max="16">MQL</text>
        <text x="240" y="16" anchor="middle">0.55</text>
        <rect class="sales" x="250" y="239.8" width="100" height="24.2"/>
        <text x="300" y="282" anchor="middle" max="16">SAL</text>
        <text x="360" y="16" anchor="middle">0.5</text>
        <rect class="sales" x="370" y="251.9" width="100" height="12.1"/>
        <text x="420" y="282" anchor="middle" max="16">CUSTOMER</text>
      </svg>"
    `);
  });

  it('falls back to rows when columns would be narrower than 110 px', () => {
    expect(layoutFunnel(stages, 280, 'vertical').orientation).toBe('horizontal');
  });

  it('keeps a 2 px sliver for tiny stages and 0 for unreached ones, never exceeding the width', () => {
    const layout = layoutFunnel(
      [stage('a', 'marketing', 1_000_000, 0.0001), stage('b', 'sales', 1, 0), stage('c', 'sales', 0, null)],
      280,
    );
    expect(layout.stages.map((s) => s.bar.width)).toEqual([280, 2, 0]);
  });

  it('handles no stages and all-zero stages', () => {
    expect(layoutFunnel([], 600)).toEqual({ orientation: 'horizontal', width: 600, height: 0, stages: [] });
    expect(layoutFunnel([stage('a', 'marketing', 0, null)], 600).stages[0].bar.width).toBe(0);
  });

  it('treats an unknown owner team as marketing (no data text reaches class names)', () => {
    const odd = { ...stages[0], ownerTeam: '"><img>' as 'sales' };
    expect(layoutFunnel([odd], 600).stages[0].team).toBe('marketing');
  });
});

describe('grouped funnels (group-by)', () => {
  const groups = [900, 500, 300, 200, 100].map((people, i) => ({
    value: i === 4 ? null : `source-${i}`,
    label: i === 4 ? '(none)' : `Source ${i}`,
    reached: [people, people / 2, people / 4, people / 10],
  }));
  const data = { from: null, to: null, stages, groups };

  it('keeps the top N groups and adds the rest up, stage by stage, as "Other", with conversion from the counts', () => {
    const { panels, folded } = funnelPanels(data, 2);
    expect(panels.map((p) => [p.label, p.value, p.other])).toEqual([
      ['Source 0', 'source-0', false],
      ['Source 1', 'source-1', false],
      ['Other', null, true],
    ]);
    expect(folded).toBe(3);
    expect(panels[2]!.stages.map((s) => s.reached)).toEqual([600, 300, 150, 60]);
    expect(panels[2]!.stages.map((s) => s.conversionToNext)).toEqual([0.5, 0.5, 0.4, null]);
    expect(panels[0]!.stages.map((s) => [s.key, s.label, s.ownerTeam])).toEqual(
      stages.map((s) => [s.key, s.label, s.ownerTeam]),
    );
    // Days and recycling are not asked per group.
    expect(panels[0]!.stages.every((s) => s.medianDaysToNext === null && s.recycledBack === 0)).toBe(true);
  });

  it('never folds a single group, and gives no conversion from a stage nobody reached', () => {
    expect(funnelPanels(data, 4).panels.map((p) => p.label)).toEqual([
      'Source 0',
      'Source 1',
      'Source 2',
      'Source 3',
      '(none)',
    ]);
    const none = funnelPanels({ ...data, groups: [{ value: 'x', label: 'X', reached: [0, 0, 0, 0] }] }, 5);
    expect(none.panels[0]!.stages.map((s) => s.conversionToNext)).toEqual([null, null, null, null]);
  });

  it('puts as many funnels per row as fit 200 px, then wraps, each funnel scaled to its own first stage', () => {
    const panels = funnelPanels(data, 5).panels.map((p) => p.stages);
    const wide = layoutPanels(panels, 1200);
    expect(wide.panels.map((p) => [p.x, p.y, p.layout.width])).toEqual([
      [0, 22, 220],
      [244, 22, 220],
      [488, 22, 220],
      [732, 22, 220],
      [976, 22, 220],
    ]);
    expect(wide.height).toBe(22 + wide.panels[0]!.layout.height);
    expect(wide.panels.map((p) => p.layout.stages[0]!.bar.width)).toEqual([220, 220, 220, 220, 220]);
    const narrow = layoutPanels(panels.slice(0, 3), 430);
    expect(narrow.panels.map((p) => [p.x, p.y])).toEqual([
      [0, 22],
      [203 + 24, 22],
      [0, 22 + (4 * 64 - 22) + 24 + 22], // title, four rows, gap, title
    ]);
    expect(narrow.panels[0]!.layout.stages[0]!.text.maxChars).toBe(Math.floor((203 - 56) / 7));
    expect(layoutPanels([], 600)).toEqual({ width: 600, height: 0, panels: [] });
  });
});
