/**
 * Isolation (issue 13): how long a widget's cached answer takes while analysts' heavy queries run
 * beside it. The heavy query is fifteen campaign ROI reports side by side (attribution models ×
 * segments, each from the raw rows), sent by three clients in a loop, each time with another
 * range so that no answer comes from the cache. The widget's request (the funnel, answered from
 * the response cache) is sent one at a time meanwhile, and alone before, as the baseline.
 *
 * Variants, each a gateway process of its own on the same database: SQLite reading on the main
 * connection (0 reader threads, as before), with the reader threads it ships with (one per core
 * but one), with one per core, and PostgreSQL when reachable. Bounded: a few seconds per phase, a capped number of requests.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { percentile } from '../gateway/domain/percentile.js';
import { readWorkersWanted } from '../gateway/store/sqlite-pool/pool.js';
import { benchSecurity, seededDatabase } from './fixtures.js';
import { fmt, type Section, table } from './report.js';

const entry = fileURLToPath(new URL('./isolation-gateway.ts', import.meta.url));
const size = { people: 10_000, touches: 100_000 };
const bounds = { aloneSeconds: 3, loadedSeconds: 12, maxLight: 2000, heavyClients: 3, pauseMs: 10 };

const widgetQuery = '{ funnel(filter: { from: "2025-11-01", to: "2026-10-31" }) { stages { key reached } } }';

const models = ['FIRST_TOUCH', 'LEAD_CREATION', 'U_SHAPED', 'W_SHAPED', 'FULL_PATH', 'LINEAR', 'TIME_DECAY'];
const segments = ['Enterprise', 'Mid-market', 'SMB'];
/** Fifteen campaign ROI reports from the raw rows; `n` moves the range so the cache never answers. */
function heavyQuery(n: number): string {
  const from = new Date(Date.UTC(2024, 0, 1 + (n % 300))).toISOString().slice(0, 10);
  const aliases = Array.from(
    { length: 15 },
    (_, i) =>
      `r${i}: campaignRoi(model: ${models[i % 7]}, filter: { from: "${from}", to: "2026-10-31", segment: "${segments[i % 3]}" }) { campaigns { campaign { name } attributedRevenue roi } unattributedRevenue }`,
  );
  return `{ ${aliases.join('\n')} }`;
}

interface Figures {
  label: string;
  alone: { p50: number; p99: number; runs: number };
  loaded: { p50: number; p99: number; runs: number; misses: number };
  heavy: { done: number; failed: string[]; p50: number };
}

export async function benchIsolation(options: { postgresUrl?: string }): Promise<Section> {
  const shipped = readWorkersWanted({});
  const sqlite = await seededDatabase(size.people, size.touches);
  const threads = (n: number) => `${n} reader thread${n === 1 ? '' : 's'}`;
  const variants = [
    { label: 'SQLite, reads on the main connection (before)', url: sqlite.url, readers: 0 },
    { label: `SQLite, ${threads(shipped)} (as it ships)`, url: sqlite.url, readers: shipped },
  ];
  // Every core reading, none left to the event loop: why the default leaves one out.
  const cores = availableParallelism();
  if (cores !== shipped)
    variants.push({ label: `SQLite, ${threads(cores)} (one per core)`, url: sqlite.url, readers: cores });
  if (options.postgresUrl) {
    const postgres = await seededDatabase(size.people, size.touches, { url: options.postgresUrl });
    variants.push({ label: 'PostgreSQL', url: postgres.url, readers: 0 });
  }
  const results: Figures[] = [];
  for (const variant of variants) {
    console.log(`  ${variant.label}`);
    results.push(await measure(variant));
  }
  return report(results);
}

async function measure(variant: { label: string; url: string; readers: number }): Promise<Figures> {
  const { secret, token } = benchSecurity();
  const child = fork(entry, [variant.url, String(variant.readers)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_TOKEN_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const [{ port }] = (await once(child, 'message')) as [{ port: number }];
    const authorization = `Bearer ${await token('analyst')}`;
    const post = async (query: string, signal?: AbortSignal) => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query }),
        signal,
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      if (response.status !== 200 || body.errors) {
        const codes = new Set(body.errors?.map((error) => error.extensions?.code));
        throw new Error(`HTTP ${response.status}, ${[...codes].join(', ') || 'no data'}`);
      }
      return { ms: performance.now() - started, hit: response.headers.get('x-tandem-cache') === 'hit' };
    };
    await post(widgetQuery); // computed and kept
    const alone = await lightLoop(post, bounds.aloneSeconds);

    const stop = new AbortController();
    const heavyTimes: number[] = [];
    let sent = 0;
    const heavyFailed: string[] = [];
    const heavyClient = async () => {
      while (!stop.signal.aborted) {
        try {
          heavyTimes.push((await post(heavyQuery(sent++), stop.signal)).ms);
        } catch (error) {
          if (stop.signal.aborted) break;
          // Counted, not fatal: a connection reset while the event loop was blocked for seconds
          // (the baseline), or an error answered to the heavy query (PostgreSQL's pool wait).
          heavyFailed.push(error instanceof TypeError ? 'connection reset' : (error as Error).message);
        }
      }
    };
    const heavy = Array.from({ length: bounds.heavyClients }, heavyClient);
    await sleep(500); // the heavy queries are under way
    const loaded = await lightLoop(post, bounds.loadedSeconds);
    stop.abort();
    await Promise.all(heavy);
    return {
      label: variant.label,
      alone,
      loaded,
      heavy: { done: heavyTimes.length, failed: heavyFailed, p50: percentile(heavyTimes, 0.5) ?? Number.NaN },
    };
  } finally {
    await stopGateway(child);
  }
}

/** The widget's request one at a time, with a short pause, for `seconds` (or maxLight requests). */
async function lightLoop(
  post: (query: string) => Promise<{ ms: number; hit: boolean }>,
  seconds: number,
): Promise<Figures['loaded']> {
  const times: number[] = [];
  let misses = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end && times.length < bounds.maxLight) {
    const { ms, hit } = await post(widgetQuery);
    times.push(ms);
    if (!hit) misses++;
    await sleep(bounds.pauseMs);
  }
  return { p50: percentile(times, 0.5)!, p99: percentile(times, 0.99)!, runs: times.length, misses };
}

async function stopGateway(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL'); // heavy queries may still be running: no graceful close
  await exited;
}

function report(results: Figures[]): Section {
  const rows = results.map(({ label, alone, loaded, heavy }) => [
    label,
    `${fmt.ms(alone.p50)} / ${fmt.ms(alone.p99)}`,
    `**${fmt.ms(loaded.p50)} / ${fmt.ms(loaded.p99)}**`,
    `${fmt.int(loaded.runs)}${loaded.misses ? ` (${loaded.misses} not from the cache)` : ''}`,
    `${fmt.int(heavy.done)}${Number.isNaN(heavy.p50) ? '' : ` (${fmt.s(heavy.p50)})`}${heavy.failed.length ? `; ${heavy.failed.length} failed: ${[...new Set(heavy.failed)].join('; ')}` : ''}`,
  ]);
  const body = [
    `A widget's cached answer (the funnel) while ${bounds.heavyClients} analysts' clients send, in a loop, a query of fifteen campaign ROI reports from the raw rows (attribution models × segments, a new range each time so the cache never answers), on ${fmt.int(size.touches)} touches. Target (issue 13): p99 ≤ 50 ms beside the heavy queries. Each gateway is a process of its own on the same database, with its response cache; the widget's request is sent one at a time, ${bounds.aloneSeconds} s alone and then ${bounds.loadedSeconds} s beside the heavy queries.`,
    table(
      [
        'gateway',
        'widget p50 / p99 alone',
        'widget p50 / p99 beside heavy queries',
        'widget requests',
        'heavy queries answered (p50)',
      ],
      rows,
    ),
    "With reads on the main connection, better-sqlite3 runs each statement on the event loop: a cached answer waits for whatever statement is running. With reader threads (`TANDEM_SQLITE_READ_WORKERS`, default one per core but one, which is left to the event loop) the statements run beside it; what remains in the p99 is the machine's cores, shared by the readers, the heavy queries' JavaScript and the benchmark itself (compare the p99 alone). PostgreSQL runs on the same machine here: its backends computing the heavy queries take the two cores the gateway needs, which is what its p99 measures. The forty-five statements of three heavy clients wait for the gateway's 10 connections in tenant lanes, taking turns (store/lanes.ts FairGate); before the gate they queued first-come in pg's pool, some longer than its 4 s connect timeout, and those reports failed with INTERNAL_SERVER_ERROR.",
  ];
  return {
    id: 'isolation',
    title: 'Isolation: a cached widget beside heavy analyst queries',
    body: body.join('\n\n'),
  };
}
