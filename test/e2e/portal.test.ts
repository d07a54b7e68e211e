/**
 * The intranet portal (/): every widget renders data from the gateway, the filter bar and the
 * tenant switcher drive them all together, and a funnel stage click fires its event.
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
  widgetsReady,
} from './support.js';

const TAGS = [
  'tandem-funnel',
  'tandem-sla-gauge',
  'tandem-lead-heatmap',
  'tandem-campaign-roi',
  'tandem-customer-360',
];

/** Each widget's data, as JSON, to compare before and after a change. */
const snapshot = (page: Page) =>
  page.evaluate(
    (tags) =>
      Object.fromEntries(
        tags.map((tag) => [
          tag,
          JSON.stringify((document.querySelector(tag) as unknown as { data: unknown }).data),
        ]),
      ),
    TAGS,
  );

describe('the portal', () => {
  let gateway: DemoGateway;
  let browser: Browser;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchChromium()]);
    page = await openPage(browser);
    await provideDemoTokens(page, gateway);
    await page.goto(`${gateway.url}/`);
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('renders every widget with data from the gateway', async () => {
    await widgetsReady(page, '.dashboard');
    for (const tag of TAGS) {
      const widget = page.locator(tag);
      await expect(widget.getAttribute('tenant')).resolves.toBe('acme');
      await expect(widget.evaluate((e) => (e as unknown as { data: unknown }).data != null)).resolves.toBe(
        true,
      );
      // The chart itself is drawn (an SVG in the shadow root), not just fetched.
      await expect(page.locator(`${tag} svg[part~="chart"]`).count()).resolves.toBeGreaterThan(0);
    }
    const stages = await page
      .locator('tandem-funnel')
      .evaluate((e) => (e as unknown as { data: { stages: { reached: number }[] } }).data.stages);
    expect(stages[0]!.reached).toBeGreaterThan(0);
    await screenshot(page, 'e2e', 'portal');
    expect(page.errors).toEqual([]);
  });

  it('changing a filter changes the numbers of every filtered widget', async () => {
    const before = await snapshot(page);
    await page.selectOption('#filters select[name="segment"]', 'Enterprise');
    await page.waitForFunction((old) => {
      const now = (document.querySelector('tandem-funnel') as unknown as { data: unknown }).data;
      return (
        document.querySelector('tandem-funnel')?.getAttribute('state') === 'ready' &&
        JSON.stringify(now) !== old
      );
    }, before['tandem-funnel']);
    await widgetsReady(page, '.dashboard');
    const after = await snapshot(page);
    for (const tag of ['tandem-funnel', 'tandem-sla-gauge', 'tandem-lead-heatmap']) {
      await expect(page.locator(tag).getAttribute('segment')).resolves.toBe('Enterprise');
      expect(after[tag], `${tag} shows other numbers for Enterprise`).not.toBe(before[tag]);
    }
    expect(new URL(page.url()).searchParams.get('segment')).toBe('Enterprise');
    await page.selectOption('#filters select[name="segment"]', '');
    await widgetsReady(page, '.dashboard');
  });

  it('clicking a funnel stage fires tandem-stage-select, which the page acts on', async () => {
    await page.evaluate(() => {
      (window as unknown as { stageEvents: unknown[] }).stageEvents = [];
      document.addEventListener('tandem-stage-select', (e) =>
        (window as unknown as { stageEvents: unknown[] }).stageEvents.push((e as CustomEvent).detail),
      );
    });
    await page.locator('tandem-funnel [data-mark]').nth(2).click();
    const events = await page.waitForFunction(() => {
      const list = (window as unknown as { stageEvents: { key: string }[] }).stageEvents;
      return list.length > 0 && list;
    });
    const [detail] = (await events.jsonValue()) as { key: string; label: string; reached: number }[];
    expect(detail).toMatchObject({ key: 'mql', label: 'MQL' });
    expect(detail!.reached).toBeGreaterThan(0);
    await expect(page.locator('#event-log li').first().textContent()).resolves.toContain(
      'tandem-stage-select',
    );
    await expect(page.locator('#stage-selection').textContent()).resolves.toContain('MQL');
    // The page shows that stage's hottest lead in the customer 360.
    await page.waitForFunction(() => document.querySelector('#c360-why')?.textContent?.includes('at MQL'));
  });

  it('the tenant switcher points every widget at the other company', async () => {
    await page.selectOption('#tenant', 'nordlicht');
    await page.waitForFunction(
      (tags) => tags.every((tag) => document.querySelector(tag)?.getAttribute('tenant') === 'nordlicht'),
      TAGS,
    );
    await widgetsReady(page, '.dashboard');
    for (const tag of TAGS) await expect(page.locator(tag).getAttribute('currency')).resolves.toBe('EUR');
    const roi = await page
      .locator('tandem-campaign-roi')
      .evaluate((e) => (e as unknown as { data: { currency: string } }).data.currency);
    expect(roi).toBe('EUR');
    await screenshot(page, 'e2e', 'portal-nordlicht');
    expect(page.errors).toEqual([]);
  });

  it('has no horizontal scroll on a phone (390 px), top bar included', async () => {
    const phone = await openPage(browser, 390, 844);
    await provideDemoTokens(phone, gateway);
    await phone.goto(`${gateway.url}/`);
    await phone.waitForSelector('body[data-ready="true"]');
    await widgetsReady(phone, '.dashboard');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await expect(phone.locator('#tenant').isVisible()).resolves.toBe(true);
    await screenshot(phone, 'e2e', 'portal-phone');
    await phone.close();
  });
});
