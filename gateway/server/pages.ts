/**
 * Server-rendered pages: /crm (CRM-style record pages), /configure (the snippet configurator) and
 * /embed/<widget> (the iframe route). Each is one HTML page built from the templates in pages/,
 * where every data value goes through one escaping function (pages/html.ts).
 *
 * /crm and /configure read a tenant's people without a token: they are the demo's, served in demo
 * mode (`tandem start`) only. `tandem serve` keeps /embed, which reads nothing from the store (its
 * widget fetches /graphql with the frame's `#token=`), and of demo/ only the files that page loads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TenantSecuritySettings } from '../auth/tenant-security.js';
import type { RevenueDatabase } from '../store/database.js';
import { attributesFrom, widgetNamed } from './pages/catalogue.js';
import { choicesOf } from './pages/choices.js';
import { configurePage } from './pages/configure.js';
import { accountPage, directoryPage, personPage } from './pages/crm.js';
import { embedPage, unknownEmbedPage } from './pages/embed.js';
import { html, page } from './pages/html.js';
import { accountRecord, directory, pageTenant, personRecord, storeFor } from './pages/records.js';

/** Whether `path` is one of these pages in this mode (the gateway routes them here before its static files). */
export function isPagePath(path: string, demo: boolean): boolean {
  if (path.startsWith('/embed/')) return true;
  return demo && (path === '/crm' || path.startsWith('/crm/') || path === '/configure');
}

/** What the iframe route's page loads from demo/ (pages/embed.ts, demo/embed.js and its import). */
const embedFiles = new Set(['/embed.js', '/demo.js', '/demo.css']);

/**
 * Whether the gateway serves `path` (decoded) from demo/: every file in demo mode; under
 * `tandem serve` only the iframe route's, since the portal and the configurator are the demo's.
 */
export function servesDemoFile(path: string, demo: boolean): boolean {
  return demo || embedFiles.has(path);
}

/** Who may frame a page: the demo itself, and for /embed the sites its tenant allows (TANDEM_<TENANT>_FRAME_ANCESTORS). */
function send(res: ServerResponse, status: number, body: string, frameAncestors: string[] = []): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `frame-ancestors 'self'${frameAncestors.map((source) => ` ${source}`).join('')}`,
  });
  res.end(body);
}

function notFound(title: string, message: string, back: string): string {
  return page({
    title: `${title} – Tandem`,
    section: 'crm',
    scripts: [],
    body: html`<main class="page"><h1>${title}</h1><p>${message}</p><p><a href="${back}">Back</a></p></main>`,
  });
}

/** Path segments after the first, decoded; null when one is not valid percent-encoding. */
function segments(path: string): string[] | null {
  try {
    return path.split('/').slice(2).filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
}

const security = new TenantSecuritySettings();

export async function handlePage(
  req: IncomingMessage,
  res: ServerResponse,
  database: RevenueDatabase,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  const params = url.searchParams;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${req.method} is not allowed on ${path}\n`);
    return;
  }

  if (path.startsWith('/embed/')) {
    const [name] = segments(path) ?? [];
    const widget = name ? widgetNamed(name) : undefined;
    if (!widget) return send(res, 404, unknownEmbedPage(name ?? ''));
    const body = embedPage(widget, attributesFrom(widget, params), {
      origin: params.get('origin'),
      frame: params.get('frame'),
      done: params.has('done'),
    });
    const tenant = params.get('tenant');
    return send(res, 200, body, tenant ? security.of(tenant).frameAncestors : []);
  }

  const { tenant, tenants } = await pageTenant(database, params.get('tenant'));
  if (!tenant) {
    return send(
      res,
      503,
      notFound('No data yet', 'There is no tenant yet: run `npx tandem seed`, then reload.', '/'),
    );
  }
  const store = storeFor(database, tenant);

  if (path === '/configure')
    return send(res, 200, configurePage(tenants, tenant, await choicesOf(database, tenant), params));
  if (path === '/crm' || path === '/crm/')
    return send(res, 200, directoryPage(tenants, tenant, await directory(store)));

  const [kind, id, ...rest] = segments(path) ?? [];
  const back = `/crm?tenant=${encodeURIComponent(tenant.id)}`;
  if (!id || rest.length > 0 || !['lead', 'contact', 'account'].includes(kind ?? '')) {
    return send(
      res,
      404,
      notFound(
        'No such page',
        `Record pages are /crm/lead/<id>, /crm/contact/<id> and /crm/account/<id>.`,
        back,
      ),
    );
  }
  const record =
    kind === 'account'
      ? await accountRecord(store, id)
      : await personRecord(store, kind as 'lead' | 'contact', id);
  if (!record) {
    return send(
      res,
      404,
      notFound(`No ${kind} ${id}`, `${tenant.name} has no ${kind} with the id ${id}.`, back),
    );
  }
  return send(res, 200, record.kind === 'account' ? accountPage(tenant, record) : personPage(tenant, record));
}
