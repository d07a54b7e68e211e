/**
 * `npm run bench -- cache-memory`: the resident set of a gateway whose in-process response cache
 * receives 300 distinct analyst queries of ~1.4 MB answers (four pages of 200 leads with their
 * identities, SLA and stage history), before and after issue 13. Before, the cache was bounded
 * by count (1,000 answers, kept as objects): 300 such answers took a gateway from 479 MB to
 * 2.8 GB, and it stayed at 1.87 GB. Now it is bounded by bytes (64 MiB by default) and keeps no
 * answer above 1 MiB. Each variant is a gateway process of its own (cache-memory-gateway.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CacheGatewayMessage, CacheGatewayStats } from './cache-memory-gateway.js';
import { benchSecurity, seededDatabase } from './fixtures.js';
import { fmt, type Section, table } from './report.js';

const entry = fileURLToPath(new URL('./cache-memory-gateway.ts', import.meta.url));

/**
 * What an analyst exporting leads asks for: every field of 200 people, for four start days at
 * once (~1.4 MB; one page is ~0.34 MB).
 */
export const leadsExportQuery = /* GraphQL */ `
  query LeadsExport($a: LeadFilter, $b: LeadFilter, $c: LeadFilter, $d: LeadFilter) {
    a: leads(filter: $a, first: 200) { ...Page }
    b: leads(filter: $b, first: 200) { ...Page }
    c: leads(filter: $c, first: 200) { ...Page }
    d: leads(filter: $d, first: 200) { ...Page }
  }
  fragment Page on PersonConnection {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { cursor node {
      id name email title department createdAt fitGrade engagementScore engagementBand stageEnteredAt
      account { id name domain industry employees region segment owner { id name email } }
      owner { id name email team { id name function } }
      stage { key label position ownerTeam entryCriteria }
      qualification { icpFit hasBudget hasTimeframe willingToEngage isProspect }
      identities { system objectType sourceId }
      emails
      sla { status handedOffAt deadlineAt firstTouchAt responseHours acceptedAt }
      stageHistory { from to occurredAt byTeam byUser { id name email } byName reason }
    } }
  }
`;

const queries = 300;
const sampleEvery = 100;

interface Variant {
  label: string;
  bound: 'count' | 'bytes';
  maxEntryBytes?: number;
}

const variants: Variant[] = [
  { label: 'before: bounded by count (1,000 answers)', bound: 'count' },
  { label: 'after: 64 MiB, no answer above 1 MiB (as shipped)', bound: 'bytes' },
  // Shows the byte bound itself: with the entry bound raised, answers are kept until 64 MiB.
  { label: 'after, entry bound raised to 2 MiB', bound: 'bytes', maxEntryBytes: 2 * 1024 * 1024 },
];

/** The i-th distinct query: leads created from days i, i + 1, i + 2 and i + 3 of the history on. */
function variablesOf(i: number) {
  const from = (day: number) => ({
    from: new Date(Date.UTC(2023, 10, 2) + day * 86_400_000).toISOString().slice(0, 10),
  });
  return { a: from(i), b: from(i + 1), c: from(i + 2), d: from(i + 3) };
}

interface Run {
  variant: Variant;
  answerBytes: number;
  samples: { after: number; stats: CacheGatewayStats }[];
}

async function measure(databaseUrl: string, variant: Variant): Promise<Run> {
  const { secret, token } = benchSecurity();
  const child = fork(entry, [databaseUrl, variant.bound, String(variant.maxEntryBytes ?? '')], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_TOKEN_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = (await next(child, 'listening')) as Extract<CacheGatewayMessage, { type: 'listening' }>;
    const authorization = `Bearer ${await token('analyst')}`;
    const ask = async (i: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: leadsExportQuery, variables: variablesOf(i) }),
      });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"'))
        throw new Error(`cache-memory: query ${i} answered ${response.status}: ${text.slice(0, 300)}`);
      return text.length;
    };
    const stats = async () => {
      const reply = next(child, 'stats');
      child.send({ type: 'stats' });
      const { type: _, ...figures } = (await reply) as Extract<CacheGatewayMessage, { type: 'stats' }>;
      return figures;
    };
    // One request first, so that the schema, the loaders and the SQLite cache are in memory.
    await ask(queries);
    const samples = [{ after: 0, stats: await stats() }];
    let answerBytes = 0;
    for (let i = 0; i < queries; i++) {
      answerBytes += await ask(i);
      if ((i + 1) % sampleEvery === 0) samples.push({ after: i + 1, stats: await stats() });
    }
    return { variant, answerBytes: answerBytes / queries, samples };
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

function next(child: ChildProcess, type: CacheGatewayMessage['type']): Promise<CacheGatewayMessage> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the cache-memory gateway exited (code ${code})`));
    const listener = (message: CacheGatewayMessage) => {
      if (message.type !== type) return;
      child.off('message', listener);
      child.off('exit', exited);
      resolve(message);
    };
    child.on('message', listener);
    child.once('exit', exited);
  });
}

const mb = (bytes: number) => `${fmt.int(bytes / 1024 / 1024)} MB`;

export async function benchCacheMemory(): Promise<Section> {
  // The demo's size: 2,000 people, so that every page of 200 is full.
  const seeded = await seededDatabase(2000, 40_000);
  const runs: Run[] = [];
  for (const variant of variants) {
    console.log(`  ${variant.label}`);
    runs.push(await measure(seeded.url, variant));
  }
  const header = [
    'cache',
    'answer',
    ...runs[0]!.samples.map((s) => `RSS after ${s.after}`),
    'peak RSS',
    'JS heap after GC',
    'cache holds',
  ];
  const rows = runs.map(({ variant, answerBytes, samples }) => {
    const last = samples.at(-1)!.stats;
    const held = last.held
      ? `${mb(last.held.bytes)} in ${fmt.int(last.held.answers)} answers; ${fmt.int(last.held.oversized)} not kept`
      : 'every answer (count-bounded)';
    return [
      variant.label,
      `${(answerBytes / 1e6).toFixed(2)} MB`,
      ...samples.map((s) => mb(s.stats.rss)),
      mb(last.peakRss),
      mb(last.heapAfterGc),
      held,
    ];
  });
  return {
    id: 'cache-memory',
    title: 'Response cache memory',
    body: `${queries} distinct analyst queries, one at a time, each four pages of 200 leads with every field
(\`bench/cache-memory.ts\`), against a gateway process with an in-process response cache
(TTL longer than the run) on SQLite with ${fmt.int(seeded.people)} people. RSS is the gateway
process's resident set after the warm-up request and after every ${sampleEvery} queries; "peak" is
the kernel's high-water mark (VmHWM); "JS heap after GC" is the V8 heap in use after a full
collection at the end: what the cache still holds, without SQLite's page caches (filled alike in
every variant) or freed pages the process has not yet returned.

${table(header, rows)}
`,
  };
}
