/**
 * Proportional lengths and angles. Not d3's scaleLinear on purpose: every continuous d3 scale pulls
 * d3-interpolate's generic interpolator and all of d3-color (~9 KB gzip, a quarter of the bundle
 * budget), and this kit never interpolates in JS — colors are CSS custom properties. Use d3-scale's
 * band / point / threshold / quantile scales for everything else; they cost ~1.5 KB together.
 */
export function linear(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => {
    const t = Math.min(1, Math.max(0, (value - d0) / span)); // clamped: marks never leave their track
    return r0 + t * (r1 - r0);
  };
}
