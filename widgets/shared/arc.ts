/**
 * Annular sectors as SVG path strings: the subset of d3-shape's `arc()` the kit draws (no padding,
 * sweeps under a full turn), with the same output as `arc().digits(1)`, corners included.
 * Not d3-shape on purpose: its `arc` drags in the accessor API and d3-path's whole `Path` class, which
 * the bundler cannot tree-shake, ~3.9 KB gzip of tandem.js's budget (then 35 KB; the five widgets did not
 * fit with it). test/unit/widgets/arc.test.ts compares the two, so follow d3-shape when changing this.
 */

export interface ArcSpec {
  innerRadius: number;
  outerRadius: number;
  /** Radians clockwise from 12 o'clock, as in d3-shape. */
  startAngle: number;
  endAngle: number;
  /** Rounds the four corners; limited to half the ring's thickness and by the sweep. @default 0 */
  cornerRadius?: number;
}

const { abs, atan2, cos, min, sin, sqrt, PI: pi } = Math;
const EPSILON = 1e-12; // d3-shape's
const PATH_EPSILON = 1e-6; // d3-path's
const round = (value: number): number => Math.round(value * 10) / 10;

/** d3-path's `moveTo`/`lineTo`/`arc`/`closePath`, writing numbers with one decimal. */
function pathWriter() {
  let d = '';
  let last: [number, number] | undefined;
  const point = (x: number, y: number) => `${round(x)},${round(y)}`;
  return {
    move(x: number, y: number) {
      d += `M${point(x, y)}`;
      last = [x, y];
    },
    line(x: number, y: number) {
      d += `L${point(x, y)}`;
      last = [x, y];
    },
    /** Circle arc around (x, y) from angle a0 to a1 (radians from 3 o'clock). */
    arc(x: number, y: number, r: number, a0: number, a1: number, ccw: boolean) {
      const x0 = x + r * cos(a0);
      const y0 = y + r * sin(a0);
      if (!last) d += `M${point(x0, y0)}`;
      else if (abs(last[0] - x0) > PATH_EPSILON || abs(last[1] - y0) > PATH_EPSILON) d += `L${point(x0, y0)}`;
      let da = ccw ? a0 - a1 : a1 - a0;
      if (!r) return;
      if (da < 0) da = (da % (2 * pi)) + 2 * pi;
      if (da > PATH_EPSILON) {
        last = [x + r * cos(a1), y + r * sin(a1)];
        d += `A${round(r)},${round(r)},0,${+(da >= pi)},${ccw ? 0 : 1},${point(...last)}`;
      }
    },
    close() {
      d += 'Z';
      return d;
    },
  };
}

function intersect(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  x3: number,
  y3: number,
) {
  const [x10, y10, x32, y32] = [x1 - x0, y1 - y0, x3 - x2, y3 - y2];
  let t = y32 * x10 - x32 * y10;
  if (t * t < EPSILON) return undefined;
  t = (x32 * (y0 - y2) - y32 * (x0 - x2)) / t;
  return [x0 + t * x10, y0 + t * y10];
}

/** The circle of radius `rc` tangent to the ring (radius r1) and to the side from (x0,y0) to (x1,y1). */
function cornerTangents(x0: number, y0: number, x1: number, y1: number, r1: number, rc: number, cw: boolean) {
  const [x01, y01] = [x0 - x1, y0 - y1];
  const lo = (cw ? rc : -rc) / sqrt(x01 * x01 + y01 * y01);
  const [ox, oy] = [lo * y01, -lo * x01];
  const [x11, y11, x10, y10] = [x0 + ox, y0 + oy, x1 + ox, y1 + oy];
  const [x00, y00] = [(x11 + x10) / 2, (y11 + y10) / 2];
  const [dx, dy] = [x10 - x11, y10 - y11];
  const d2 = dx * dx + dy * dy;
  const r = r1 - rc;
  const D = x11 * y10 - x10 * y11;
  const d = (dy < 0 ? -1 : 1) * sqrt(Math.max(0, r * r * d2 - D * D));
  let [cx, cy] = [(D * dy - dx * d) / d2, (-D * dx - dy * d) / d2];
  const [cx1, cy1] = [(D * dy + dx * d) / d2, (-D * dx + dy * d) / d2];
  // The closer of the two intersections.
  if ((cx - x00) ** 2 + (cy - y00) ** 2 > (cx1 - x00) ** 2 + (cy1 - y00) ** 2) [cx, cy] = [cx1, cy1];
  return { cx, cy, x01: -ox, y01: -oy, x11: cx * (r1 / r - 1), y11: cy * (r1 / r - 1) };
}

type Tangent = ReturnType<typeof cornerTangents>;

/** A ring's two rounded corners and the ring between them (one arc when the corners merged). */
function corners(
  path: ReturnType<typeof pathWriter>,
  [t0, t1]: [Tangent, Tangent],
  r: number,
  rc: number,
  merged: boolean,
  cw: boolean,
  ringCcw: boolean,
) {
  if (merged) return path.arc(t0.cx, t0.cy, rc, atan2(t0.y01, t0.x01), atan2(t1.y01, t1.x01), !cw);
  path.arc(t0.cx, t0.cy, rc, atan2(t0.y01, t0.x01), atan2(t0.y11, t0.x11), !cw);
  const [a0, a1] = [atan2(t0.cy + t0.y11, t0.cx + t0.x11), atan2(t1.cy + t1.y11, t1.cx + t1.x11)];
  path.arc(0, 0, r, a0, a1, ringCcw);
  path.arc(t1.cx, t1.cy, rc, atan2(t1.y11, t1.x11), atan2(t1.y01, t1.x01), !cw);
}

/** The sector's outline, centred on (0, 0): d3-shape's `arc().digits(1)(spec)`. */
export function arcPath({
  innerRadius,
  outerRadius,
  startAngle,
  endAngle,
  cornerRadius = 0,
}: ArcSpec): string {
  const [r0, r1] = innerRadius <= outerRadius ? [innerRadius, outerRadius] : [outerRadius, innerRadius];
  const a0 = startAngle - pi / 2;
  const a1 = endAngle - pi / 2;
  const da = abs(a1 - a0);
  const cw = a1 > a0;
  const path = pathWriter();
  if (!(r1 > EPSILON)) {
    path.move(0, 0);
    return path.close();
  }
  const rc = min(abs(r1 - r0) / 2, cornerRadius);
  let [rc0, rc1] = [rc, rc];
  const [x01, y01, x11, y11] = [r1 * cos(a0), r1 * sin(a0), r1 * cos(a1), r1 * sin(a1)];
  const [x00, y00, x10, y10] = [r0 * cos(a0), r0 * sin(a0), r0 * cos(a1), r0 * sin(a1)];
  // A narrow sector has no room for full corners: shrink them, or drop them if the sides don't meet.
  if (rc > EPSILON && da < pi) {
    const oc = intersect(x01, y01, x00, y00, x11, y11, x10, y10);
    if (oc) {
      const [ax, ay, bx, by] = [x01 - oc[0], y01 - oc[1], x11 - oc[0], y11 - oc[1]];
      const cosine = (ax * bx + ay * by) / (sqrt(ax * ax + ay * ay) * sqrt(bx * bx + by * by));
      const kc = 1 / sin((cosine > 1 ? 0 : cosine < -1 ? pi : Math.acos(cosine)) / 2);
      const lc = sqrt(oc[0] * oc[0] + oc[1] * oc[1]);
      rc0 = min(rc, (r0 - lc) / (kc - 1));
      rc1 = min(rc, (r1 - lc) / (kc + 1));
    } else rc0 = rc1 = 0;
  }

  if (!(da > EPSILON)) path.move(x01, y01);
  else if (rc1 > EPSILON) {
    const t = [
      cornerTangents(x00, y00, x01, y01, r1, rc1, cw),
      cornerTangents(x11, y11, x10, y10, r1, rc1, cw),
    ] as [Tangent, Tangent];
    path.move(t[0].cx + t[0].x01, t[0].cy + t[0].y01);
    corners(path, t, r1, rc1, rc1 < rc, cw, !cw);
  } else {
    path.move(x01, y01);
    path.arc(0, 0, r1, a0, a1, !cw);
  }

  if (!(r0 > EPSILON) || !(da > EPSILON)) path.line(x10, y10);
  else if (rc0 > EPSILON) {
    const t = [
      cornerTangents(x10, y10, x11, y11, r0, -rc0, cw),
      cornerTangents(x01, y01, x00, y00, r0, -rc0, cw),
    ] as [Tangent, Tangent];
    path.line(t[0].cx + t[0].x01, t[0].cy + t[0].y01);
    corners(path, t, r0, rc0, rc0 < rc, cw, cw);
  } else path.arc(0, 0, r0, a1, a0, cw);
  return path.close();
}
