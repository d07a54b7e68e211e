/**
 * The gateway's HTTP surface on one port: /graphql (GraphiQL in a browser), /health, the widget
 * bundles under /widgets/, and the demo pages at /; in demo mode (`tandem start`) also
 * /demo/token. Request bodies are bounded per route (limits.ts; ingest-routes.ts) and slow or
 * stalled requests are cut off by the server timeouts below.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { handleDemoToken } from '../auth/demo-token.js';
import { TenantSecuritySettings } from '../auth/tenant-security.js';
import { attachSyncSchedule } from '../sources/scheduler.js';
import type { RevenueDatabase } from '../store/database.js';
import { handleIngest } from './ingest-routes.js';
import type { Limits } from './limits.js';
import { handlePage, isPagePath } from './pages.js';
import { sendFile } from './static.js';
import { createTandemYoga, type TandemYoga } from './yoga.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const publicCode = { 'access-control-allow-origin': '*' };

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
}

export interface Gateway {
  yoga: TandemYoga;
  server: Server;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { database } = options;
  const widgetsDir = options.widgetsDir ?? `${root}dist/widgets`;
  const demoDir = options.demoDir ?? `${root}demo`;
  const demo = options.demo ?? false;
  const security = options.security ?? new TenantSecuritySettings(process.env, { demo });
  const yoga = createTandemYoga(database, { security, demo, limits: options.limits });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/graphql' || path.startsWith('/graphql/')) return yoga(req, res);
    if (path === '/health') return health(res, database);
    if (demo && path === '/demo/token') return handleDemoToken(req, res, database, security);
    if (path.startsWith('/ingest/')) return handleIngest(req, res, database);
    if (isPagePath(path)) return handlePage(req, res, database);
    // The bundles are public code that pages on other origins (intranets, CRM record pages) load
    // as module scripts, which browsers allow only with a CORS header.
    const widget = path.slice('/widgets/'.length);
    if (path.startsWith('/widgets/') && (await sendFile(res, widgetsDir, widget, publicCode))) return;
    if (path === '/schema.graphql' && (await sendFile(res, `${root}schema`, 'schema.graphql'))) return;
    if (!path.startsWith('/widgets/') && (await sendFile(res, demoDir, decodeURIComponent(path)))) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Not found: ${path}. Try / (demo), /graphql (GraphiQL) or /health.\n`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
      console.error(error);
    });
  });
  // A client that trickles its headers or body in (slowloris) is cut off instead of holding a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  attachSyncSchedule(server, database);
  return { yoga, server };
}

async function health(res: ServerResponse, database: RevenueDatabase) {
  const ok = await database.db
    .selectFrom('tenants')
    .select('id')
    .limit(1)
    .execute()
    .then(
      () => true,
      () => false,
    );
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: ok ? 'ok' : 'database unavailable', database: database.dialect }));
}
