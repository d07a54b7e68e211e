/**
 * The configurator (/configure) and the iframe route (/embed/<widget>): a CRM admin's snippet,
 * pasted into a blank page of another site, works; the iframe route reports its height and its
 * widget's events to the parent with the documented message format, and takes settings back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoGateway,
  launchChromium,
  openPage,
  provideDemoTokens,
  screenshot,
  startDemoGateway,
  startHostSite,
  widgetsReady,
} from './support.js';

interface EmbedMessage {
  tandem: 1;
  type: 'ready' | 'resize' | 'event' | 'done';
  widget: string;
  frame?: string;
  height?: number;
  name?: string;
  detail?: Record<string, unknown>;
}

/** A host page that records every message it receives, then the markup under test. */
const recording = (markup: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Host</title>
  <script>window.received = []; addEventListener('message', (e) => received.push({ origin: e.origin, data: e.data }));</script>
  </head><body style="margin:24px;font-family:sans-serif"><h1>Someone else's page</h1>\n${markup}\n</body></html>`;

const received = (page: Page) =>
  page.evaluate(() => (window as unknown as { received: { origin: string; data: EmbedMessage }[] }).received);

async function waitForMessage(page: Page, match: Partial<EmbedMessage>): Promise<EmbedMessage> {
  const handle = await page.waitForFunction((m) => {
    const list = (window as unknown as { received: { data: Record<string, unknown> }[] }).received;
    return list.find(({ data }) => data && Object.entries(m).every(([k, v]) => data[k] === v))?.data ?? false;
  }, match);
  return (await handle.jsonValue()) as unknown as EmbedMessage;
}

describe('the configurator and the iframe route', () => {
  let gateway: DemoGateway;
  let browser: Browser;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchChromium()]);
    page = await openPage(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: gateway.url });
    await provideDemoTokens(page, gateway);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  let htmlSnippet = '';
  let iframeSnippet = '';

  it('sets a widget up with form controls and shows it live', async () => {
    await page.goto(`${gateway.url}/configure?tenant=acme`);
    await page.waitForSelector('#configurator[data-ready="true"]');
    await page.check('input[name="widget"][value="sla-gauge"]');
    await page.selectOption('#attr-segment', 'Enterprise');
    await page.fill('#attr-from', '2025-01-01');
    await page.waitForFunction(
      () => document.querySelector('#preview tandem-sla-gauge')?.getAttribute('segment') === 'Enterprise',
    );
    await widgetsReady(page, '#preview');
    await expect(page.locator('#preview tandem-sla-gauge').getAttribute('from')).resolves.toBe('2025-01-01');
    // Controls for other widgets' attributes are hidden.
    await expect(page.locator('#attr-orientation').isVisible()).resolves.toBe(false);
    htmlSnippet = (await page.locator('#snippet-html').textContent())!;
    iframeSnippet = (await page.locator('#snippet-iframe').textContent())!;
    expect(htmlSnippet).toContain(
      `<script type="module" src="${gateway.url}/widgets/sla-gauge.js"></script>`,
    );
    expect(htmlSnippet).toMatch(/<tandem-sla-gauge tenant="acme" from="2025-01-01" segment="Enterprise"/);
    expect(iframeSnippet).toContain(
      `${gateway.url}/embed/sla-gauge?tenant=acme&amp;from=2025-01-01&amp;segment=Enterprise`,
    );
    expect(new URL(page.url()).searchParams.get('widget')).toBe('sla-gauge');
    await screenshot(page, 'e2e', 'configure');
  });

  it('copies the snippet', async () => {
    await page.click('button[data-copy="snippet-html"]');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(htmlSnippet);
  });

  it('the HTML snippet works pasted into a blank page of another site', async () => {
    const host = await openPage(browser);
    await gateway.hosts.intranet.show(host, recording(htmlSnippet));
    await widgetsReady(host);
    const data = await host
      .locator('tandem-sla-gauge')
      .evaluate((e) => (e as unknown as { data: unknown }).data);
    expect(data).toBeTruthy();
    await screenshot(host, 'e2e', 'pasted-html-snippet');
    expect(host.errors).toEqual([]);
    await host.close();
  });

  it('the iframe snippet works pasted into a blank page: the frame grows to the reported height', async () => {
    const host = await openPage(browser);
    await gateway.hosts.crm.show(host, recording(iframeSnippet));
    const resize = await waitForMessage(host, { type: 'resize' });
    expect(resize).toMatchObject({ tandem: 1, widget: 'tandem-sla-gauge' });
    await host.frameLocator('iframe').locator('tandem-sla-gauge[state="ready"]').waitFor();
    // The last height the frame reported is the height the snippet's script gave it.
    await host.waitForFunction(() => {
      const list = (window as unknown as { received: { data: EmbedMessage }[] }).received.filter(
        (m) => m.data?.type === 'resize',
      );
      const last = list[list.length - 1]!.data.height;
      return document.querySelector('iframe')!.style.height === `${last}px`;
    });
    const height = await host.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(150);
    await screenshot(host, 'e2e', 'pasted-iframe-snippet');
    await host.close();
  });

  it('the iframe route posts its height and its events, and takes new attributes', async () => {
    const host = await openPage(browser);
    const src = `${gateway.url}/embed/funnel?tenant=acme&frame=funnel-1&origin=${encodeURIComponent(gateway.hosts.crm.origin)}#token=${gateway.tokens.acme}`;
    await gateway.hosts.crm.show(
      host,
      recording(`<iframe src="${src}" title="Funnel" style="width:640px;height:300px;border:0"></iframe>`),
    );
    const ready = await waitForMessage(host, { type: 'ready' });
    expect(ready).toEqual({ tandem: 1, type: 'ready', widget: 'tandem-funnel', frame: 'funnel-1' });
    const frame = host.frameLocator('iframe');
    await frame.locator('tandem-funnel[state="ready"]').waitFor();
    await waitForMessage(host, { type: 'event', name: 'tandem-load' });
    await host.waitForFunction(() =>
      (window as unknown as { received: { data: EmbedMessage }[] }).received.some(
        ({ data }) => data?.type === 'resize' && data.height! > 150,
      ),
    );
    const resize = await waitForMessage(host, { type: 'resize' });
    expect(resize).toMatchObject({ tandem: 1, widget: 'tandem-funnel', frame: 'funnel-1' });

    await frame.locator('tandem-funnel [data-mark]').nth(1).click();
    const selected = await waitForMessage(host, { type: 'event', name: 'tandem-stage-select' });
    expect(selected).toMatchObject({
      tandem: 1,
      widget: 'tandem-funnel',
      frame: 'funnel-1',
      detail: { key: 'lead' },
    });
    // The token came in the fragment and was removed from the frame's address at once.
    expect(host.frames()[1]!.url()).not.toContain('token');
    for (const { origin } of await received(host)) expect(origin).toBe(gateway.url);

    // The parent sets an attribute; anything that is not one of the widget's is ignored.
    await host.evaluate(() =>
      document
        .querySelector('iframe')!
        .contentWindow!.postMessage(
          { tandem: 1, type: 'set', attributes: { segment: 'SMB', onclick: 'alert(1)' } },
          '*',
        ),
    );
    await frame.locator('tandem-funnel[segment="SMB"][state="ready"]').waitFor();
    await expect(frame.locator('tandem-funnel').getAttribute('onclick')).resolves.toBeNull();
    await screenshot(host, 'e2e', 'embed-route');
    expect(host.errors).toEqual([]);
    await host.close();
  });

  it('only sites the tenant allows may frame it', async () => {
    const response = await fetch(`${gateway.url}/embed/funnel?tenant=acme`);
    expect(response.headers.get('content-security-policy')).toBe(
      `frame-ancestors 'self' ${gateway.hosts.intranet.origin} ${gateway.hosts.crm.origin}`,
    );
    const elsewhere = await startHostSite();
    const host = await openPage(browser);
    try {
      await elsewhere.show(
        host,
        `<iframe src="${gateway.url}/embed/funnel?tenant=acme" title="Funnel"></iframe>`,
      );
      await host.waitForTimeout(500);
      const framed = host.frames()[1];
      expect(await framed?.evaluate(() => document.querySelector('#embed') !== null).catch(() => false)).toBe(
        false,
      );
    } finally {
      await host.close();
      await elsewhere.close();
    }
  });
});
