/**
 * Latency of requests sent alone, one at a time: p50 and p99 over a number of runs bounded by a
 * count and by time. The variants are measured interleaved, in slices of a fraction of a second
 * each, so that whatever else the shared machine does at the time slows them all alike instead
 * of whichever happened to run then. Slow requests (a baseline at a million touches takes
 * seconds) get fewer runs rather than a longer benchmark.
 */
import { percentile } from '../gateway/domain/percentile.js';

export interface Latency {
  p50: number;
  p99: number;
  runs: number;
}

const sliceMs = 200;
const minimumRuns = 3;

/** `runs` times each request (at least 3), within about `seconds` per request. */
export async function measureInterleaved<K extends string>(
  requests: Record<K, () => Promise<unknown>>,
  options: { runs: number; seconds: number },
): Promise<Record<K, Latency>> {
  const keys = Object.keys(requests) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const deadline = performance.now() + options.seconds * 1000 * keys.length;
  const wants = (k: K) =>
    times[k].length < options.runs && (times[k].length < minimumRuns || performance.now() < deadline);
  while (keys.some(wants)) {
    for (const k of keys.filter(wants)) {
      const sliceEnd = performance.now() + sliceMs;
      do {
        const started = performance.now();
        await requests[k]();
        times[k].push(performance.now() - started);
      } while (performance.now() < sliceEnd && times[k].length < options.runs);
    }
  }
  return Object.fromEntries(
    keys.map((k) => [
      k,
      { p50: percentile(times[k], 0.5)!, p99: percentile(times[k], 0.99)!, runs: times[k].length },
    ]),
  ) as Record<K, Latency>;
}
