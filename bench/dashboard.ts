/**
 * Dashboard (funnel + matrix + SLA + ROI in one request) and customer-360 requests against the
 * gateway served over HTTP on 127.0.0.1, at 10,000 / 100,000 / 1,000,000 touches on SQLite and
 * at 1,000,000 on PostgreSQL when reachable: latency alone, latency and requests per second under
 * load, SQL statements per request and the gateway's memory, for Tandem and, in the same run on
 * the same data, the two baselines of variants.ts (raw aggregates, naive resolvers).
 */
import { openDatabase, type RevenueDatabase } from '../gateway/store/database.js';
import { TenantStore } from '../gateway/store/tenant-store.js';
import {
  type Figures,
  reportDashboard,
  reportTarget,
  type TargetFigures,
  type VariantFigures,
} from './dashboard-report.js';
import { benchTenant, seededDatabase } from './fixtures.js';
import { measureInterleaved } from './latency.js';
import { type LoadRound, loadRound, planLoad, summarize } from './load.js';
import { customerQuery, dashboardQuery, dashboardVariables } from './queries.js';
import type { Section } from './report.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';
import { type PerVariant, perVariant, variants } from './variants.js';

const sizes = [
  { people: 1_000, touches: 10_000 },
  { people: 10_000, touches: 100_000 },
  { people: 100_000, touches: 1_000_000 },
];

/** Each request's bounds: runs and seconds alone, then seconds under load with 10 connections. */
const bounds = {
  customer: { runs: 200, seconds: 3 },
  dashboard: { runs: 200, seconds: 4 },
  load: { seconds: 5, connections: 10, rounds: 2 },
};

type Gateways = PerVariant<ServedGateway>;

async function biggestAccount(url: string): Promise<string> {
  const database: RevenueDatabase = await openDatabase({ url });
  try {
    const row = await new TenantStore(database, benchTenant.id).db
      .selectFrom('people')
      .select((eb) => ['account_id', eb.fn.countAll<number>().as('n')])
      .where('account_id', 'is not', null)
      .groupBy('account_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.account_id!;
  } finally {
    await database.close();
  }
}

async function timed(request: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await request();
  return performance.now() - started;
}

/**
 * Longest one request may take, Node's fetch's own limit for a server that says nothing: a
 * first request that builds rollups for longer fails the run instead of stalling it.
 */
const requestTimeoutMs = 5 * 60_000;

async function post(gateway: ServedGateway, body: string): Promise<void> {
  const response = await fetch(gateway.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: gateway.authorization },
    body,
    signal: AbortSignal.timeout(requestTimeoutMs),
  }).catch((error: unknown) => {
    throw new Error(
      `benchmark request to ${gateway.endpoint} failed or took over ${requestTimeoutMs / 60_000} min`,
      {
        cause: error,
      },
    );
  });
  const result = (await response.json()) as { errors?: { message: string }[] };
  if (!response.ok || result.errors) {
    throw new Error(`benchmark query failed (${response.status}): ${result.errors?.[0]?.message}`);
  }
}

/** One request: per variant its first answer, its statements, then latency alone, then under load. */
async function measureRequest(
  gateways: Gateways,
  body: string,
  alone: { runs: number; seconds: number },
): Promise<PerVariant<Figures>> {
  const first = {} as PerVariant<number>;
  const statements = {} as PerVariant<number>;
  for (const { id } of variants) {
    const gateway = gateways[id];
    // The first answer may bring Tandem's rollups up to date after the seed: reported, not counted.
    first[id] = await timed(() => post(gateway, body));
    const before = (await gateway.stats()).queries;
    const second = await timed(() => post(gateway, body));
    statements[id] = (await gateway.stats()).queries - before;
    // A request of seconds is not sent again just to warm up.
    if (second < 1000) await post(gateway, body);
  }
  const latency = await measureInterleaved(
    perVariant((id) => () => post(gateways[id], body)),
    alone,
  );
  const plans = perVariant((id) => planLoad(latency[id].p50, bounds.load));
  const rounds = perVariant((): LoadRound[] => []);
  for (let round = 0; round < bounds.load.rounds; round++) {
    for (const { id } of variants) {
      const amount = plans[id].rounds[round];
      if (!amount) continue;
      const { connections } = plans[id];
      const target = { ...gateways[id], body };
      rounds[id].push(await loadRound(target, { connections, amount, latencyAloneMs: latency[id].p50 }));
    }
  }
  return perVariant((id) => ({
    first: first[id],
    alone: latency[id],
    load: summarize(plans[id], rounds[id]),
    statements: statements[id],
  }));
}

export async function measureTarget(
  target: { dialect: string; people: number; touches: number },
  url: string,
): Promise<TargetFigures> {
  const accountId = await biggestAccount(url);
  const customer = JSON.stringify({ query: customerQuery, variables: { id: accountId } });
  const dashboard = JSON.stringify({ query: dashboardQuery, variables: dashboardVariables });
  const gateways = {} as Gateways;
  try {
    for (const variant of variants) gateways[variant.id] = await serveGateway(url, variant);
    const idle = {} as PerVariant<number>;
    for (const { id } of variants) {
      await post(gateways[id], customer); // a gateway reads its tenant list once, on its first request
      idle[id] = (await gateways[id].stats()).rss;
    }
    const label = `${target.dialect}, ${target.touches.toLocaleString('en')} touches`;
    console.log(`  ${label}: customer`);
    const customers = await measureRequest(gateways, customer, bounds.customer);
    console.log(`  ${label}: dashboard`);
    const dashboards = await measureRequest(gateways, dashboard, bounds.dashboard);
    const figures = {} as PerVariant<VariantFigures>;
    for (const { id } of variants) {
      const end = await gateways[id].stats();
      const memory = { idle: idle[id], peak: end.peakRss, after: end.rss };
      figures[id] = { customer: customers[id], dashboard: dashboards[id], memory };
    }
    return { ...target, variants: figures };
  } finally {
    await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
  }
}

export async function benchDashboard(options: { postgresUrl?: string }): Promise<Section> {
  const targets = sizes.map((size) => ({ ...size, dialect: 'SQLite', url: undefined as string | undefined }));
  if (options.postgresUrl) targets.push({ ...sizes[2]!, dialect: 'PostgreSQL', url: options.postgresUrl });
  const results: TargetFigures[] = [];
  for (const { url, ...target } of targets) {
    const seeded = await seededDatabase(target.people, target.touches, { url });
    const figures = await measureTarget(target, seeded.url);
    // Shown as soon as measured: a later target that fails does not take these figures with it.
    console.log(`${reportTarget(figures)}\n`);
    results.push(figures);
  }
  return reportDashboard(results);
}
