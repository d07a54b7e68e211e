/**
 * What the end-to-end and interop tests share: the built widgets, a gateway on a free port over a
 * fresh seeded SQLite database, headless Chromium (the system's, through playwright-core), and
 * screenshots kept under test-results/ (git-ignored).
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { mintToken } from '../../gateway/auth/mint.js';
import { seedDemo } from '../../gateway/cli/seed.js';
import { buildWidgetsIfStale } from '../../gateway/cli/serve.js';
import { createGateway } from '../../gateway/server/app.js';
import type { RevenueDatabase } from '../../gateway/store/database.js';
import { createTestDatabase } from '../support/databases.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const resultsDir = join(root, 'test-results');

/**
 * Builds dist/widgets once when it is missing or older than widgets/. Test files run side by side,
 * so a lock folder makes the others wait instead of building into the same folder at once.
 */
export async function ensureWidgets(): Promise<void> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, 'dist/.widgets-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(lock, { recursive: true, force: true }); // a build that died
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      buildWidgetsIfStale();
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** A web site other than the gateway (another port, so another origin), serving the pages a test gives it. */
export interface HostSite {
  origin: string;
  /** Serves `html` at a new address of this site and opens it in `page`. */
  show(page: Page, html: string): Promise<void>;
  /** Serves `body` at exactly `url` (path and query). */
  serve(url: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, { body: string; contentType: string }>();
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? '');
    res.writeHead(page ? 200 : 404, { 'content-type': page?.contentType ?? 'text/plain' });
    res.end(page?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    async show(page, html) {
      const path = `/page-${pages.size + 1}`;
      pages.set(path, { body: html, contentType: 'text/html; charset=utf-8' });
      await page.goto(`${origin}${path}`);
    },
    serve(url, body, contentType = 'text/html; charset=utf-8') {
      pages.set(url, { body, contentType });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface DemoGateway {
  url: string;
  database: RevenueDatabase;
  /** Viewer tokens of the demo tenants (what a page embedding widgets is given). */
  tokens: Record<'acme' | 'nordlicht', string>;
  /** Analyst tokens: for the demo pages' own queries and the closed-loop buttons. */
  analystTokens: Record<'acme' | 'nordlicht', string>;
  /** Two other sites that embed widgets: the tenants allow them (CORS origins and frame ancestors). */
  hosts: { intranet: HostSite; crm: HostSite };
  close(): Promise<void>;
}

const demoTenants = ['acme', 'nordlicht'] as const;

/**
 * The tenants' security settings, as an operator would set them: a token secret each, and the
 * sites allowed to call /graphql from a browser (CORS) and to frame /embed.
 */
function configureTenants(allowed: string[]): void {
  for (const tenant of demoTenants) {
    const prefix = `TANDEM_${tenant.toUpperCase()}`;
    process.env[`${prefix}_TOKEN_SECRET`] ??= randomBytes(32).toString('base64url');
    process.env[`${prefix}_CORS_ORIGINS`] = allowed.join(',');
    process.env[`${prefix}_FRAME_ANCESTORS`] = allowed.join(',');
  }
}

/** A gateway on 127.0.0.1:<free port> over a fresh SQLite file with a small seeded demo (both tenants). */
export async function startDemoGateway(options: { demoDir?: string } = {}): Promise<DemoGateway> {
  const hosts = { intranet: await startHostSite(), crm: await startHostSite() };
  configureTenants([hosts.intranet.origin, hosts.crm.origin]);
  await ensureWidgets();
  const test = await createTestDatabase('sqlite');
  await seedDemo(test.database, {
    people: 300,
    touches: 3000,
    seed: 42,
    tenants: 2,
    years: 2,
    progress: false,
  });
  const { server } = createGateway({ database: test.database, demoDir: options.demoDir, demo: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const mint = (tenant: (typeof demoTenants)[number], role: 'viewer' | 'analyst' = 'viewer') =>
    mintToken(
      { tenant, role, name: 'E2E Tester' },
      new TextEncoder().encode(process.env[`TANDEM_${tenant.toUpperCase()}_TOKEN_SECRET`]),
    );
  return {
    url: `http://127.0.0.1:${port}`,
    database: test.database,
    tokens: { acme: await mint('acme'), nordlicht: await mint('nordlicht') },
    analystTokens: { acme: await mint('acme', 'analyst'), nordlicht: await mint('nordlicht', 'analyst') },
    hosts,
    async close() {
      await Promise.all([hosts.intranet.close(), hosts.crm.close()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await test.drop();
    },
  };
}

/**
 * Until demo/demo.js's `demoToken` mints the demo's own tokens, the pages get the test's: the
 * placeholder is swapped for a function returning them. Once it is filled in, it runs as written.
 */
export async function provideDemoTokens(page: Page, gateway: DemoGateway): Promise<void> {
  await page.route('**/demo.js', async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    const placeholder =
      /export function demoToken\(tenant, role = 'viewer'\) \{\s*void tenant;\s*void role;\s*return undefined;\s*\}/;
    const tokens = JSON.stringify({ viewer: gateway.tokens, analyst: gateway.analystTokens });
    await route.fulfill({
      response,
      body: body.replace(
        placeholder,
        `export function demoToken(tenant, role = 'viewer') { return (${tokens})[role][tenant ?? 'acme']; }`,
      ),
    });
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page that fails the test on any uncaught error in it (console errors are collected for messages). */
export async function openPage(
  browser: Browser,
  width = 1440,
  height = 1000,
): Promise<Page & { errors: string[] }> {
  const page = (await browser.newPage({ viewport: { width, height } })) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.setDefaultTimeout(30_000);
  return page;
}

/** Saves a full-page screenshot as test-results/<suite>/<name>.png. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const path = join(resultsDir, suite, `${name}.png`);
  mkdirSync(join(resultsDir, suite), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Waits until every Tandem widget on the page (under `scope`) has settled, then fails with the
 * widget's own error message if one is in the error state instead of showing data.
 */
export async function widgetsReady(page: Page, scope = 'body'): Promise<void> {
  const settled = await page.waitForFunction(
    (sel) => {
      const widgets = [...document.querySelectorAll(`${sel} *`)].filter((e) =>
        e.localName.startsWith('tandem-'),
      );
      const states = widgets.map((e) => ({
        tag: e.localName,
        state: e.getAttribute('state'),
        error: e.shadowRoot?.querySelector('[part~="error"]')?.textContent?.trim() ?? '',
      }));
      const done =
        states.length > 0 && states.every((w) => ['ready', 'error', 'empty'].includes(w.state ?? ''));
      return done && states; // read in the same turn as the check: a widget may start refreshing right after
    },
    scope,
    { timeout: 30_000 },
  );
  const states = (await settled.jsonValue()) as { tag: string; state: string; error: string }[];
  const notReady = states.filter((w) => w.state !== 'ready');
  if (notReady.length > 0) throw new Error(`widgets without data: ${JSON.stringify(notReady)}`);
}
