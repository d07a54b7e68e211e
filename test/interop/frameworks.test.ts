/**
 * The same widgets from a React 19 page and a Vue 3 page, each built with Vite (test/interop/*):
 * the frameworks hand objects and functions to the widgets as properties, bind attributes that
 * refetch when state changes, and receive the widgets' events into their own state.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoGateway,
  launchChromium,
  openPage,
  resultsDir,
  screenshot,
  startDemoGateway,
  widgetsReady,
} from '../e2e/support.js';
import { interopBuild } from './vite.config.js';

const site = join(resultsDir, 'interop', 'site');
type Widget = HTMLElement & {
  data?: { stages: { key: string; reached: number }[] };
  tokenProvider?: unknown;
};

describe.each(['react', 'vue'] as const)('widgets in a %s app', (app) => {
  let gateway: DemoGateway;
  let browser: Browser;
  let page: Page & { errors: string[] };
  const requests: string[] = [];

  beforeAll(async () => {
    await build(interopBuild(app, join(site, app)));
    [gateway, browser] = await Promise.all([startDemoGateway({ demoDir: site }), launchChromium()]);
    page = await openPage(browser);
    await page.addInitScript((token) => {
      (window as unknown as { __TANDEM_TOKEN__: string }).__TANDEM_TOKEN__ = token;
    }, gateway.tokens.acme);
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql'))
        requests.push(JSON.parse(request.postData() ?? '{}').operationName);
    });
    await page.goto(`${gateway.url}/${app}/`);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('renders live data, and data given as a property without a request', async () => {
    await widgetsReady(page);
    const live = page.locator('#live');
    await expect(live.evaluate((e) => typeof (e as Widget).tokenProvider)).resolves.toBe('function');
    await expect(live.evaluate((e) => (e as Widget).data!.stages.length)).resolves.toBeGreaterThan(3);
    await expect(page.locator('#given [data-mark]').count()).resolves.toBe(3);
    await expect(page.locator('#given [data-mark]').nth(2).textContent()).resolves.toContain('3 recycled');
    // Two live widgets asked the gateway; the one given data never did.
    expect(requests.filter((name) => name === 'TandemFunnel')).toHaveLength(1);
    expect(requests).toContain('TandemSla');
    await screenshot(page, 'interop', app);
    expect(page.errors).toEqual([]);
  });

  it('state bound to a widget refetches it', async () => {
    const before = await page.locator('#live').evaluate((e) => JSON.stringify((e as Widget).data));
    await page.selectOption('#segment', 'Enterprise');
    await page.waitForFunction((old) => {
      const widget = document.querySelector('#live') as Widget;
      return widget.getAttribute('state') === 'ready' && JSON.stringify(widget.data) !== old;
    }, before);
    await widgetsReady(page);
  });

  it('a widget event reaches the framework’s state', async () => {
    await page.locator('#live [data-mark]').nth(1).click();
    await page.waitForFunction(() =>
      document.querySelector('#selected')?.textContent?.startsWith('Selected Lead'),
    );
    expect(page.errors).toEqual([]);
  });
});
