/**
 * The one random stream behind a demo tenant. mulberry32 rather than faker in the hot loops:
 * a million touches need tens of millions of draws, and faker's Mersenne Twister plus its
 * option handling costs several times more per draw. Faker only fills the name pools, seeded
 * from this stream, so one seed still decides everything.
 */

/** Weights and values, with the cumulative sums precomputed once: picks are a short scan. */
export interface WeightedTable<T> {
  values: readonly T[];
  cumulative: Float64Array;
}

export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(entries.length);
  let sum = 0;
  entries.forEach(([, weight], index) => {
    sum += weight;
    cumulative[index] = sum;
  });
  return { values: entries.map(([value]) => value), cumulative: cumulative.map((value) => value / sum) };
}

export class Random {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // splitmix-style scramble, so seeds 1, 2, 3 start far apart in the sequence.
    const low = Math.trunc(seed) >>> 0;
    const high = Math.trunc(seed / 4_294_967_296) >>> 0;
    let state = (low ^ Math.imul(high, 0x85ebca6b) ^ 0x9e3779b9) >>> 0;
    state = Math.imul(state ^ (state >>> 16), 0x21f0aaad);
    state = Math.imul(state ^ (state >>> 15), 0x735a2d97);
    this.state = (state ^ (state >>> 15)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max], both included. */
  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)];
  }

  weighted<T>(table: WeightedTable<T>): T {
    const draw = this.next();
    const { cumulative, values } = table;
    for (let index = 0; index < cumulative.length - 1; index++) {
      if (draw < cumulative[index]) return values[index];
    }
    return values[values.length - 1];
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Log-normal by its median and the sigma of its logarithm: the shape of spend, deal sizes and delays. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A rounding that is right on average, so many small shares do not all round to zero. */
  roundStochastic(value: number): number {
    const whole = Math.floor(value);
    return whole + (this.next() < value - whole ? 1 : 0);
  }
}

/**
 * A yes/no outcome whose running share stays close to `rate`: the next draw leans towards the
 * rate (by `pull`) when the share so far is off it. A sales team's win rate is steady from
 * quarter to quarter, and a demo of a few hundred deals then lands in its published range
 * instead of wandering with the dice.
 */
export class SteadyRate {
  private draws = 0;
  private hits = 0;

  constructor(
    private readonly rate: number,
    private readonly pull = 0.25,
  ) {}

  /**
   * The next outcome; `lift` scales this draw's chance (a better-fitting person converts more)
   * while the running share is still held to the rate, so lifts should average about 1.
   */
  next(rng: Random, lift = 1): boolean {
    const share = this.draws === 0 ? this.rate : this.hits / this.draws;
    const lean = share < this.rate ? this.pull : share > this.rate ? -this.pull : 0;
    const hit = rng.chance(Math.min(1, Math.max(0, this.rate * lift + lean)));
    this.draws++;
    if (hit) this.hits++;
    return hit;
  }
}
