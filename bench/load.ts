/**
 * Requests per second and latency under load: autocannon keeps `connections` requests in flight
 * against a served gateway until an amount of them have been answered. The amount is sized from
 * the request's latency alone so that every variant is loaded for about the same few seconds: a
 * baseline that takes seconds per request gets a handful, not a ten-minute run. A variant's load
 * comes in rounds, taken in turn with the other variants', for the reason latency.ts gives.
 */
import autocannon from 'autocannon';
import { percentile } from '../gateway/domain/percentile.js';

export interface Load {
  p50: number;
  p99: number;
  requestsPerSecond: number;
  requests: number;
  connections: number;
  /** True when the time limit stopped a round before every planned request was answered. */
  cutShort: boolean;
  /** Requests lost with their connection (reset, refused): reported, not hidden, and not fatal. */
  connectionErrors: number;
}

export interface LoadPlan {
  connections: number;
  /** Requests per round; a slow request gets all its requests in the first round. */
  rounds: number[];
}

/** What one round measured. */
export interface LoadRound {
  times: number[];
  seconds: number;
  cutShort: boolean;
  connectionErrors: number;
}

/**
 * Enough requests to keep one gateway busy for `seconds` at the latency measured alone (more
 * when the database answers several at once), and at least two in flight so there is a queue.
 */
export function planLoad(
  latencyAloneMs: number,
  options: { seconds: number; connections: number; rounds: number },
): LoadPlan {
  const amount = Math.max(2, Math.ceil((options.seconds * 1000) / latencyAloneMs));
  const connections = Math.min(options.connections, amount);
  if (amount < options.rounds * connections) return { connections, rounds: [amount] };
  return {
    connections,
    rounds: Array.from({ length: options.rounds }, () => Math.ceil(amount / options.rounds)),
  };
}

export async function loadRound(
  target: { endpoint: string; authorization: string; body: string },
  round: { connections: number; amount: number; latencyAloneMs: number },
): Promise<LoadRound> {
  const times: number[] = [];
  const started = performance.now();
  let last = started;
  const run = autocannon({
    url: target.endpoint,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: target.authorization },
    body: target.body,
    connections: round.connections,
    amount: round.amount,
    timeout: 600,
    sampleInt: 100,
    // A GraphQL error is answered with status 200: count it as a failure, not as a fast answer.
    verifyBody: (body) => body.startsWith('{"data"') && !body.includes('"errors":'),
  });
  // A stuck gateway must not stall the run: three times what the round should take, or 30 s.
  const limit = Math.max(30_000, 3 * round.amount * round.latencyAloneMs);
  let cutShort = false;
  const deadline = setTimeout(() => {
    cutShort = true;
    run.stop();
  }, limit);
  const reasons = new Set<string>();
  run.on('reqError', (error) => reasons.add(error.message));
  run.on('response', (_client, _status, _bytes, ms) => {
    times.push(ms);
    last = performance.now();
  });
  const result = await run.then((r) => {
    clearTimeout(deadline);
    return r;
  });
  // A wrong answer or a stuck request fails the run: the figures would not be the query's.
  const failed = result.non2xx + result.mismatches + result.timeouts;
  if (failed) {
    throw new Error(
      `${failed} of ${round.amount} requests under load failed (${result.non2xx} not 2xx, ${result.mismatches} GraphQL errors, ${result.timeouts} timeouts)`,
    );
  }
  const connectionErrors = result.errors - result.timeouts;
  if (connectionErrors) {
    console.warn(`  ${connectionErrors} request(s) lost with their connection: ${[...reasons].join('; ')}`);
  }
  return { times, seconds: (last - started) / 1000, cutShort, connectionErrors };
}

export function summarize(plan: LoadPlan, rounds: LoadRound[]): Load {
  const times = rounds.flatMap((r) => r.times);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  return {
    p50: percentile(times, 0.5)!,
    p99: percentile(times, 0.99)!,
    requestsPerSecond: times.length / seconds,
    requests: times.length,
    connections: plan.connections,
    cutShort: rounds.some((r) => r.cutShort),
    connectionErrors: rounds.reduce((sum, r) => sum + r.connectionErrors, 0),
  };
}
