import { describe, expect, it } from 'vitest';
import { layoutSla, type SlaLayout, zoneOf } from '../../../widgets/sla-gauge/sla-gauge.layout.js';

const policy = { redBelow: 0.7, amberBelow: 0.9 };

function toSvg({ width, height, gauge, goal }: SlaLayout): string {
  return [
    `<svg ${width}x${height}>`,
    `  <g transform="translate(${gauge.cx} ${gauge.cy})" r="${gauge.radius}">`,
    ...gauge.zones.map((z) => `    <path class="${z.zone}" d="${z.d}"/>`),
    `    <path class="track" d="${gauge.track}"/>`,
    `    <path class="value ${gauge.valueZone}" d="${gauge.value}"/>`,
    '  </g>',
    `  <text x="${gauge.number.x}" y="${gauge.number.y}">rate</text>`,
    `  <text x="${gauge.breaches.x}" y="${gauge.breaches.y}">breaches</text>`,
    `  <rect x="${goal.x}" y="${goal.bar.y}" width="${goal.width}" value="${goal.bar.valueWidth}" target="${goal.bar.targetX}"/>`,
    '</svg>',
  ].join('\n');
}

describe('zoneOf', () => {
  it('is red below redBelow, amber below amberBelow, green from amberBelow', () => {
    expect([0, 0.69, 0.7, 0.89, 0.9, 1].map((r) => zoneOf(r, policy))).toEqual([
      'bad',
      'bad',
      'warn',
      'warn',
      'good',
      'good',
    ]);
    expect(zoneOf(null, policy)).toBeNull();
  });
});

describe('layoutSla', () => {
  it('puts the goal bar beside the gauge when wide', () => {
    expect(toSvg(layoutSla({ ...policy, rate: 0.834, attainment: 1.22 }, 800))).toMatchInlineSnapshot(`
      "<svg 800x221>
        <g transform="translate(130 130)" r="126">
          <path class="bad" d="M-109.1,63A126,126,0,0,1,93.6,-84.3L87.1,-78.4A117.2,117.2,0,0,0,-101.5,58.6Z"/>
          <path class="warn" d="M93.6,-84.3A126,126,0,0,1,125.3,13.2L116.6,12.3A117.2,117.2,0,0,0,87.1,-78.4Z"/>
          <path class="good" d="M125.3,13.2A126,126,0,0,1,109.1,63L101.5,58.6A117.2,117.2,0,0,0,116.6,12.3Z"/>
          <path class="track" d="M-93.2,53.8A2,2,0,0,1,-95.9,53A109.6,109.6,0,1,1,95.9,53A2,2,0,0,1,93.2,53.8L73.8,42.6A2,2,0,0,1,73,39.9A83.2,83.2,0,1,0,-73,39.9A2,2,0,0,1,-73.8,42.6Z"/>
          <path class="value warn" d="M-93.2,53.8A2,2,0,0,1,-95.9,53A109.6,109.6,0,1,1,107.6,-20.7A2,2,0,0,1,106,-18.4L83.9,-14.6A2,2,0,0,1,81.6,-16.1A83.2,83.2,0,1,0,-73,39.9A2,2,0,0,1,-73.8,42.6Z"/>
        </g>
        <text x="130" y="145.1">rate</text>
        <text x="130" y="213">breaches</text>
        <rect x="292" y="100.5" width="508" value="495.8" target="698.4"/>
      </svg>"
    `);
  });

  it('stacks the goal bar under the gauge at 280 px', () => {
    const layout = layoutSla({ ...policy, rate: 0.5, attainment: 0.4 }, 280);
    expect(toSvg(layout)).toMatchInlineSnapshot(`
      "<svg 280x297>
        <g transform="translate(140 130)" r="126">
          <path class="bad" d="M-109.1,63A126,126,0,0,1,93.6,-84.3L87.1,-78.4A117.2,117.2,0,0,0,-101.5,58.6Z"/>
          <path class="warn" d="M93.6,-84.3A126,126,0,0,1,125.3,13.2L116.6,12.3A117.2,117.2,0,0,0,87.1,-78.4Z"/>
          <path class="good" d="M125.3,13.2A126,126,0,0,1,109.1,63L101.5,58.6A117.2,117.2,0,0,0,116.6,12.3Z"/>
          <path class="track" d="M-93.2,53.8A2,2,0,0,1,-95.9,53A109.6,109.6,0,1,1,95.9,53A2,2,0,0,1,93.2,53.8L73.8,42.6A2,2,0,0,1,73,39.9A83.2,83.2,0,1,0,-73,39.9A2,2,0,0,1,-73.8,42.6Z"/>
          <path class="value bad" d="M-93.2,53.8A2,2,0,0,1,-95.9,53A109.6,109.6,0,0,1,-2,-109.6A2,2,0,0,1,0,-107.6L0,-85.2A2,2,0,0,1,-2,-83.2A83.2,83.2,0,0,0,-73,39.9A2,2,0,0,1,-73.8,42.6Z"/>
        </g>
        <text x="140" y="145.1">rate</text>
        <text x="140" y="213">breaches</text>
        <rect x="0" y="255" width="280" value="89.6" target="224"/>
      </svg>"
    `);
    expect(layout.goal.x + layout.goal.width).toBeLessThanOrEqual(280);
    expect(layout.gauge.cx + layout.gauge.radius).toBeLessThanOrEqual(280);
  });

  it('draws no value arc for an undefined rate and clamps rates outside 0..1', () => {
    expect(layoutSla({ ...policy, rate: null, attainment: null }, 600).gauge.value).toBeNull();
    const over = layoutSla({ ...policy, rate: 1.4, attainment: 5 }, 600);
    expect(over.gauge.value).toBe(layoutSla({ ...policy, rate: 1, attainment: 5 }, 600).gauge.value);
    expect(over.goal.bar.valueWidth).toBe(over.goal.width);
  });
});
