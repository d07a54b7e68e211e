/** Latency of one request sent repeatedly: p50 and p99 over a bounded number of runs. */
import { percentile } from '../gateway/domain/percentile.js';

export interface Latency {
  p50: number;
  p99: number;
  runs: number;
  statements: number;
}

export async function measure(
  request: () => Promise<{ statements: number }>,
  options: { runs?: number; seconds?: number } = {},
): Promise<Latency> {
  const runs = options.runs ?? 50;
  const deadline = performance.now() + (options.seconds ?? 20) * 1000;
  let statements = 0;
  for (let i = 0; i < 3; i++) statements = (await request()).statements; // warm caches and JIT
  const times: number[] = [];
  while (times.length < runs && (times.length < 5 || performance.now() < deadline)) {
    const started = performance.now();
    await request();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 0.5)!, p99: percentile(times, 0.99)!, runs: times.length, statements };
}
