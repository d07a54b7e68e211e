import { arc } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { type ArcSpec, arcPath } from '../../../widgets/shared/arc.js';

/**
 * shared/arc.ts replaces d3-shape's `arc()` to keep tandem.js within budget; d3-shape stays the
 * reference here (tests only, never bundled), so the gauge draws what it drew with d3-shape.
 */
const d3Arc = (spec: ArcSpec): string | null =>
  arc<ArcSpec>()
    .innerRadius((d) => d.innerRadius)
    .outerRadius((d) => d.outerRadius)
    .startAngle((d) => d.startAngle)
    .endAngle((d) => d.endAngle)
    .cornerRadius((d) => d.cornerRadius ?? 0)
    .digits(1)(spec);

const SWEEP = (2 * Math.PI) / 3; // the gauge's ±120°
const fractions = [0, 1e-9, 0.001, 0.01, 0.05, 0.1, 0.25, 0.37, 0.5, 0.6, 0.75, 0.834, 0.9, 0.99, 1];
const spans = fractions.flatMap((to) => [
  [-SWEEP, -SWEEP + 2 * SWEEP * to],
  [-SWEEP + 2 * SWEEP * to, SWEEP],
]);
const rings: Omit<ArcSpec, 'startAngle' | 'endAngle'>[] = [
  { innerRadius: 117.2, outerRadius: 126 }, // the zone bands at 800 px
  { innerRadius: 83.2, outerRadius: 109.6, cornerRadius: 2 }, // track and value at 800 px
  { innerRadius: 81.8, outerRadius: 107.8, cornerRadius: 2 }, // at 280 px
  { innerRadius: 10, outerRadius: 12, cornerRadius: 5 }, // corners limited by the thickness
  { innerRadius: 0, outerRadius: 50 }, // a pie slice
  { innerRadius: 0, outerRadius: 50, cornerRadius: 6 },
  { innerRadius: 60, outerRadius: 40, cornerRadius: 3 }, // radii swapped
  { innerRadius: 0, outerRadius: 0 }, // a point
];

describe('arcPath', () => {
  it('matches d3-shape arc().digits(1) across the gauge sweep, with and without corners', () => {
    let compared = 0;
    for (const ring of rings) {
      for (const [startAngle, endAngle] of spans) {
        const spec = { ...ring, startAngle, endAngle };
        expect(arcPath(spec), JSON.stringify(spec)).toBe(d3Arc(spec));
        compared++;
      }
    }
    expect(compared).toBe(rings.length * fractions.length * 2);
  });

  it('matches counter-clockwise sweeps and other quadrants', () => {
    for (const [startAngle, endAngle] of [
      [0, Math.PI / 2],
      [Math.PI / 2, 0],
      [Math.PI, 1.5 * Math.PI],
      [-0.2, 3.5],
      [3.5, -0.2],
      [0, 6.2],
    ]) {
      for (const ring of rings) {
        const spec = { ...ring, startAngle, endAngle };
        expect(arcPath(spec), JSON.stringify(spec)).toBe(d3Arc(spec));
      }
    }
  });

  it('draws the zone band the gauge snapshot shows', () => {
    const d = arcPath({
      innerRadius: 117.2,
      outerRadius: 126,
      startAngle: -SWEEP,
      endAngle: -SWEEP + 2 * SWEEP * 0.7,
    });
    expect(d).toBe('M-109.1,63A126,126,0,0,1,93.6,-84.3L87.1,-78.4A117.2,117.2,0,0,0,-101.5,58.6Z');
  });
});
