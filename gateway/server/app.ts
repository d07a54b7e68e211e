/**
 * The gateway's HTTP surface on one port: /graphql (GraphiQL in a browser), /health (liveness),
 * /ready (readiness), /metrics (Prometheus), GraphiQL's own scripts and styles under /graphiql/
 * (graphiql.ts: no CDN), the widget bundles under /widgets/ and the iframe route
 * /embed/<widget>; in demo mode (`tandem start`) also the demo pages (/, /crm, /configure, which read
 * data without a token: pages.ts) and /demo/token. Live updates (subscriptions over
 * server-sent events at /graphql, fed by the bridge from writes and the SLA watcher: gateway/live/)
 * run until the server closes. Every request is counted and logged
 * (observability/). Request bodies are bounded per route (limits.ts; ingest-routes.ts) and slow or
 * stalled requests are cut off by the server timeouts below.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { handleDemoToken } from '../auth/demo-token.js';
import { TenantSecuritySettings } from '../auth/tenant-security.js';
import { type LiveUpdates, startLiveUpdates } from '../live/live-updates.js';
import { type LivePubSub, livePubSubFromEnv } from '../live/pubsub.js';
import type { SlaWatcherOptions } from '../live/sla-watcher.js';
import { attachSyncSchedule } from '../sources/scheduler.js';
import type { RevenueDatabase } from '../store/database.js';
import { bumpingOnClock, type ResponseCache, responseCacheFromEnv } from './cache.js';
import { handleDemoTenants } from './demo-tenants.js';
import { graphiqlAssetsPath, sendGraphiQLAsset } from './graphiql.js';
import { handleIngest } from './ingest-routes.js';
import type { Limits } from './limits.js';
import { createObservability, type GatewayLog } from './observability/index.js';
import { createGatewayLog, logSettings } from './observability/log.js';
import { handlePage, isPagePath, servesDemoFile } from './pages.js';
import { decodedPath, sendFile } from './static.js';
import { createTandemYoga, type TandemYoga } from './yoga.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const publicCode = { 'access-control-allow-origin': '*' };

/** How long a connection may stay silent before its first request (then Node closes it). */
export const IDLE_CONNECTION_MS = 5_000;

export interface GatewayOptions {
  database: RevenueDatabase;
  /** Built widgets (vite build output). */
  widgetsDir?: string;
  demoDir?: string;
  /** Demo mode (`tandem start`): /demo/token mints short-lived tokens for the demo pages. */
  demo?: boolean;
  /** Tenants' token keys and allow-lists. @default from process.env */
  security?: TenantSecuritySettings;
  /** Limits to change (tests). */
  limits?: Partial<Limits>;
  /** The response cache; false: none. @default from REDIS_URL, TANDEM_REDIS_PREFIX, TANDEM_CACHE_TTL */
  cache?: ResponseCache | false;
  /** Where requests, warnings and errors are logged. @default from LOG_FORMAT and LOG_LEVEL */
  log?: GatewayLog;
  /**
   * Live events for subscriptions (gateway/live/). @default from REDIS_URL and TANDEM_REDIS_PREFIX
   * (in-process without REDIS_URL); one the gateway made it also closes.
   */
  pubsub?: LivePubSub;
  /** The SLA watcher's interval (tests). @default 15 s */
  slaWatch?: SlaWatcherOptions;
}

export interface Gateway {
  yoga: TandemYoga;
  server: Server;
  /** The response cache, when there is one (closed with the server). */
  cache?: ResponseCache;
  /** Where live events travel. */
  pubsub: LivePubSub;
  /** The bridge from writes to live events and the SLA watcher, running until close(). */
  live: LiveUpdates;
  /** Stops the live updates and closes the pub/sub the gateway made (also done when the server closes). */
  close(): Promise<void>;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { database } = options;
  const widgetsDir = options.widgetsDir ?? `${root}dist/widgets`;
  const demoDir = options.demoDir ?? `${root}demo`;
  const demo = options.demo ?? false;
  const security = options.security ?? new TenantSecuritySettings(process.env, { demo });
  const log = options.log ?? createGatewayLog(logSettings());
  const cache =
    options.cache === false ? undefined : (options.cache ?? responseCacheFromEnv(database, process.env, log));
  const pubsub = options.pubsub ?? livePubSubFromEnv();
  const observability = createObservability({
    database,
    cache,
    log,
    liveSubscribers: () => pubsub.subscribers(),
    readiness: pubsub.mode === 'redis' ? { live: async () => liveReady(pubsub) } : undefined,
  });
  const yoga = createTandemYoga(database, {
    security,
    demo,
    limits: options.limits,
    cache,
    instrumentation: [observability.plugin],
    pubsub,
  });
  // A breach found by the SLA clock makes the tenant's cached answers stale (cache.ts).
  const live = startLiveUpdates(database, cache ? bumpingOnClock(pubsub, cache) : pubsub, options.slaWatch);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= live.stop().then(() => (options.pubsub ? undefined : pubsub.close())));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // A malformed percent-encoding (`/%`) is the caller's mistake on every route: a 400, not a stack.
    const decoded = decodedPath(path);
    if (decoded === null) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Bad request: malformed URL\n');
    }
    if (path === '/graphql' || path.startsWith('/graphql/')) return yoga(req, res);
    if (path.startsWith(graphiqlAssetsPath) && (await sendGraphiQLAsset(req, res, path))) return;
    if (path === '/health') return health(res, database);
    if (path === '/ready') return observability.ready(res);
    if (path === '/metrics') return observability.serveMetrics(req, res);
    if (demo && path === '/demo/token') return handleDemoToken(req, res, database, security);
    if (demo && path === '/demo/tenants') return handleDemoTenants(res, database);
    if (path.startsWith('/ingest/')) return handleIngest(req, res, database);
    if (isPagePath(path, demo)) return handlePage(req, res, database);
    // The bundles are public code that pages on other origins (intranets, CRM record pages) load
    // as module scripts, which browsers allow only with a CORS header.
    const widget = path.slice('/widgets/'.length);
    if (path.startsWith('/widgets/') && (await sendFile(res, widgetsDir, widget, publicCode))) return;
    if (path === '/schema.graphql' && (await sendFile(res, `${root}schema`, 'schema.graphql'))) return;
    const demoFile = !path.startsWith('/widgets/') && servesDemoFile(decoded, demo);
    if (demoFile && (await sendFile(res, demoDir, decoded))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found: ${path}. Try ${demo ? '/ (demo), ' : ''}/graphql (GraphiQL) or /health.\n`);
  };

  // Node enforces headersTimeout when it checks its connections: every second, not every 30 s.
  const server = createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    observability.observe(req, res);
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
      log.error(`${req.method} ${req.url?.split('?')[0]} failed`, error);
    });
  });
  // A client that trickles its headers or body in (slowloris) is cut off instead of holding a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  // A connection that sends nothing is closed, but not while a request runs: a live subscription
  // (SSE at /graphql) may be quiet for minutes. Between requests keepAliveTimeout does the same.
  server.on('connection', (socket) => socket.setTimeout(IDLE_CONNECTION_MS));
  server.on('request', (req) => req.socket.setTimeout(0));
  attachSyncSchedule(server, database);
  server.once('close', () => void cache?.close());
  server.once('close', () => void close());
  return { yoga, server, cache, pubsub, live, close };
}

function liveReady(pubsub: LivePubSub): void {
  if (!pubsub.connected)
    throw new Error(`Redis at ${pubsub.location} is not connected: live events do not travel`);
}

/** /health answers within this even when the database never does (a network that swallows packets). */
const HEALTH_PROBE_MS = 2_000;

async function health(res: ServerResponse, database: RevenueDatabase) {
  const probe = database.db
    .selectFrom('tenants')
    .select('id')
    .limit(1)
    .execute()
    .then(
      () => 'ok',
      () => 'database unavailable',
    );
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<string>((resolve) => {
    timer = setTimeout(
      resolve,
      HEALTH_PROBE_MS,
      `database unavailable (no answer in ${HEALTH_PROBE_MS / 1000} s)`,
    );
  });
  const status = await Promise.race([probe, silence]).finally(() => clearTimeout(timer));
  res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status, database: database.dialect }));
}
