/**
 * GraphiQL on a machine without internet: every request leaving 127.0.0.1 is refused (and
 * counted), and still the editor renders with one tab per example, runs an example and shows its
 * data. In demo mode (`tandem start`) the page carries the demo analyst's token; as `tandem serve`
 * runs it (no demo) GraphiQL is there too, without a token, and a query says that one is needed.
 * The page's CSP is strict, so any asset from elsewhere would also fail loudly here.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../gateway/server/app.js';
import { graphiqlPagePolicy } from '../../gateway/server/graphiql.js';
import { graphiqlExamples } from '../../gateway/server/graphiql-examples.js';
import { type DemoGateway, launchChromium, openPage, screenshot, startDemoGateway } from './support.js';

/** A page whose requests to any other host are aborted and listed, and whose console errors are kept. */
async function offlinePage(browser: Browser) {
  const page = await openPage(browser);
  const leaving: string[] = [];
  const consoleErrors: string[] = [];
  await page.context().route('**', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    leaving.push(url.href);
    return route.abort('internetdisconnected');
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return Object.assign(page, { leaving, consoleErrors });
}

type OfflinePage = Awaited<ReturnType<typeof offlinePage>>;

/** Waits for GraphiQL's editor and for Monaco's GraphQL worker (completion, validation), served here. */
async function editorReady(page: OfflinePage): Promise<void> {
  await page.waitForSelector('.graphiql-container .graphiql-query-editor .monaco-editor .view-lines');
  await expect
    .poll(() => page.workers().map((worker) => new URL(worker.url()).pathname.split('/').pop()))
    .toContain('graphql.worker.js');
}

function tabTitles(page: OfflinePage): Promise<string[]> {
  return page
    .locator('.graphiql-tab')
    .allInnerTexts()
    .then((titles) => titles.map((t) => t.trim()));
}

describe('GraphiQL offline', () => {
  let gateway: DemoGateway;
  let production: Gateway;
  let productionUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchChromium()]);
    // `tandem serve`: the same database, no demo mode.
    production = createGateway({ database: gateway.database, demo: false, cache: false });
    await new Promise<void>((resolve) => production.server.listen(0, '127.0.0.1', resolve));
    productionUrl = `http://127.0.0.1:${(production.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    production?.server.closeAllConnections();
    await new Promise<void>((resolve) => (production ? production.server.close(() => resolve()) : resolve()));
    await gateway?.close();
  });

  it('is a small page naming only its own assets, which are cached for good and gzipped', async () => {
    const answer = await fetch(`${productionUrl}/graphql`, { headers: { accept: 'text/html' } });
    expect(answer.headers.get('content-security-policy')).toBe(graphiqlPagePolicy);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const page = await answer.text();
    expect(page.length).toBeLessThan(20_000);
    expect(page).not.toMatch(/https?:\/\//);
    const assets = [...page.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((path) => path.split('/').pop())).toEqual(['favicon.ico', 'graphiql.css', 'boot.js']);
    for (const path of [...assets, assets[0]!.replace('favicon.ico', 'graphql.worker.js')]) {
      const asset = await fetch(`${productionUrl}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
      await asset.arrayBuffer();
    }
    const script = await fetch(`${productionUrl}${assets[2]!.replace('boot.js', 'yoga-graphiql.js')}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(script.headers.get('content-encoding')).toBe('gzip');
    expect(Number(script.headers.get('content-length'))).toBeLessThan(2_000_000);
    // An address from before an upgrade still loads, uncached; a file that is not GraphiQL's is a 404.
    const stale = await fetch(`${productionUrl}/graphiql/000000000000/boot.js`);
    expect([stale.status, stale.headers.get('cache-control')]).toEqual([200, 'no-cache']);
    expect((await fetch(`${productionUrl}/graphiql/000000000000/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${productionUrl}${assets[2]!.replace('boot.js', 'index.html')}`)).status).toBe(404);
    expect((await fetch(`${productionUrl}${assets[2]}`, { method: 'POST' })).status).toBe(404);
  });

  it('renders and runs an example in demo mode with nothing leaving the machine', async () => {
    const page = await offlinePage(browser);
    await page.goto(`${gateway.url}/graphql`);
    await editorReady(page);
    expect(await tabTitles(page)).toEqual(graphiqlExamples.map((example) => example.name));

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.getByText('Acme Analytics').waitFor();
    expect(await response.innerText()).toContain('"data"');
    await screenshot(page, 'graphiql', 'demo-dashboard');

    expect(page.leaving).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.consoleErrors.filter((e) => /Content Security Policy|Failed to load/i.test(e))).toEqual([]);
    await page.close();
  });

  it('is served by `tandem serve` too, offline, without a token in it', async () => {
    const page = await offlinePage(browser);
    const answer = await page.goto(`${productionUrl}/graphql`);
    expect(await answer?.text()).not.toMatch(/Bearer [\w-]+\.[\w-]+\.[\w-]+/);
    await editorReady(page);
    expect(await tabTitles(page)).toEqual(graphiqlExamples.map((example) => example.name));

    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').getByText('a token is required').waitFor();
    expect(page.leaving).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});
