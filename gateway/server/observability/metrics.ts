/**
 * The gateway's Prometheus metrics, served at /metrics (text exposition format, prom-client).
 * Each gateway has its own registry (tests run several in one process); the process metrics
 * (CPU, memory, event loop lag, GC: collectDefaultMetrics) are registered once per process and
 * merged in at scrape time. docs/deployment.md lists every name.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { RevenueDatabase } from '../../store/database.js';
import type { ResponseCache } from '../cache.js';
import { BoundedNames } from './operation-name.js';

export interface GatewayMetricsOptions {
  database: RevenueDatabase;
  cache?: ResponseCache;
  /** Live subscriptions open in this process now, when the gateway serves them. */
  liveSubscribers?: () => number;
}

export interface GatewayMetrics {
  httpRequest(labels: { method: string; route: string; status: number }): void;
  operation(labels: { operation: string; type: string }, seconds: number | undefined): void;
  /** The exposition text of every metric, and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createGatewayMetrics(options: GatewayMetricsOptions): GatewayMetrics {
  const { database, cache } = options;
  const registry = new Registry();
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'tandem_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const operations = new Counter({
    name: 'tandem_graphql_operations_total',
    help: 'GraphQL operations, by operation name and type (query, mutation, subscription).',
    labelNames: ['operation', 'type'] as const,
    registers,
  });
  const durations = new Histogram({
    name: 'tandem_graphql_operation_duration_seconds',
    help: 'Time from the parameters read to the answer ready, for queries and mutations (cache hits included).',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  // Counters that mirror counts kept elsewhere: brought up to date at each scrape.
  mirror(
    registry,
    'tandem_sql_statements_total',
    'SQL statements sent to the database.',
    () => database.stats.queries,
  );
  if (cache) {
    mirror(
      registry,
      'tandem_response_cache_hits_total',
      'GraphQL answers served from the response cache.',
      () => cache.stats.hits,
    );
    mirror(
      registry,
      'tandem_response_cache_misses_total',
      'Cacheable GraphQL queries computed because no cached answer was found.',
      () => cache.stats.misses,
    );
  }
  const held = cache?.held;
  if (held) {
    // The in-process cache is bounded by bytes (TANDEM_CACHE_MAX_BYTES): how close it is, and how
    // many answers were too large to keep (TANDEM_CACHE_MAX_ENTRY_BYTES).
    new Gauge({
      name: 'tandem_response_cache_bytes',
      help: 'Bytes of answers (their JSON) the in-process response cache holds now.',
      registers,
      collect() {
        this.set(held.bytes);
      },
    });
    new Gauge({
      name: 'tandem_response_cache_answers',
      help: 'Answers the in-process response cache holds now.',
      registers,
      collect() {
        this.set(held.answers);
      },
    });
    mirror(
      registry,
      'tandem_response_cache_oversized_total',
      'Answers served but not kept in the in-process response cache: larger than TANDEM_CACHE_MAX_ENTRY_BYTES.',
      () => held.oversized,
    );
  }
  if (options.liveSubscribers) {
    const count = options.liveSubscribers;
    new Gauge({
      name: 'tandem_live_subscribers',
      help: 'Live subscriptions (Server-Sent Events) open on this replica.',
      registers,
      collect() {
        this.set(count());
      },
    });
  }
  new Gauge({
    name: 'tandem_gateway_info',
    help: 'Always 1; the labels say how this replica is configured.',
    labelNames: ['database', 'cache'] as const,
    registers,
  }).set({ database: database.dialect, cache: cache ? cache.kind : 'off' }, 1);

  const names = new BoundedNames();
  return {
    httpRequest: ({ method, route, status }) => httpRequests.inc({ method, route, status: String(status) }),
    operation({ operation, type }, seconds) {
      const labels = { operation: names.label(operation), type };
      operations.inc(labels);
      if (seconds !== undefined) durations.observe(labels, seconds);
    },
    async scrape() {
      const merged = Registry.merge([processMetrics(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

function mirror(registry: Registry, name: string, help: string, read: () => number): void {
  let counted = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const now = read();
      this.inc(Math.max(0, now - counted));
      counted = Math.max(counted, now);
    },
  });
}

/**
 * GET /metrics. With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` is answered:
 * operation names and tenants' traffic are not for everyone who can reach the port.
 */
export async function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: GatewayMetrics,
  token: string | undefined,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET' });
    res.end(`/metrics takes GET, got ${req.method}\n`);
    return;
  }
  if (token && !sameText(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '', token)) {
    res.writeHead(401, {
      'content-type': 'text/plain; charset=utf-8',
      'www-authenticate': 'Bearer realm="metrics"',
    });
    res.end('/metrics needs `Authorization: Bearer <METRICS_TOKEN>`\n');
    return;
  }
  const { contentType, body } = await metrics.scrape();
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
