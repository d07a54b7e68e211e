/**
 * The CRM record page (/crm/...): the customer 360 with the person's score and SLA, and the
 * closed-loop buttons. Sending a lead back to marketing shows at once in its timeline and in the
 * funnel's recycled count; marketing's qualify → hand off and sales' accept move a lead forward.
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

type Funnel = { stages: { key: string; recycledBack: number }[] };
type Customer = { timeline: { edges: { node: { title: string; detail: string | null } }[] } };

const recycledFromSal = (page: Page) =>
  page
    .locator('tandem-funnel')
    .evaluate(
      (e) => (e as unknown as { data: Funnel }).data.stages.find((s) => s.key === 'sal')!.recycledBack,
    );

const field = (page: Page, name: string) => page.locator(`[data-field="${name}"]`).textContent();

/** Opens the first record in the directory's table of `kind` whose stage chip reads `stage`. */
async function openFromDirectory(page: Page, url: string, kind: 'Leads' | 'Accounts', stage?: string) {
  await page.goto(`${url}/crm?tenant=acme`);
  const table = page.locator('section.card', { has: page.locator('h2', { hasText: kind }) });
  const row = stage
    ? table.locator('tr', { has: page.locator('.stage-chip', { hasText: new RegExp(`^${stage}$`) }) })
    : table.locator('tbody tr');
  await row.first().locator('a').click();
  await page.waitForSelector('main.record[data-ready="true"]');
  await widgetsReady(page, 'main');
}

describe('the CRM record page', () => {
  let gateway: DemoGateway;
  let browser: Browser;
  let page: Page & { errors: string[] };

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchChromium()]);
    page = await openPage(browser);
    await provideDemoTokens(page, gateway);
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('lists leads, contacts and accounts of the demo data', async () => {
    await page.goto(`${gateway.url}/crm?tenant=acme`);
    for (const heading of ['Leads', 'Contacts', 'Accounts']) {
      const rows = page
        .locator('section.card', { has: page.locator('h2', { hasText: heading }) })
        .locator('tbody tr');
      expect(await rows.count(), heading).toBeGreaterThan(0);
    }
    await screenshot(page, 'e2e', 'crm-directory');
  });

  it('sending a lead back shows in its timeline and in the funnel’s recycled count at once', async () => {
    await openFromDirectory(page, gateway.url, 'Leads', 'SAL');
    await expect(field(page, 'stage')).resolves.toBe('SAL');
    await expect(field(page, 'sla')).resolves.not.toBe('…');
    const before = await recycledFromSal(page);

    await page.selectOption('#sendback select[name="reason"]', 'BAD_TIMING');
    await page.fill('#sendback input[name="note"]', 'Budget review in Q3');
    await page.click('#sendback button[type="submit"]');
    await page.waitForSelector('#loop-result[data-tone="ok"]');
    await expect(page.locator('#loop-result').textContent()).resolves.toContain(
      'Sent back to marketing (Bad timing)',
    );
    await expect(field(page, 'stage')).resolves.toBe('Lead (inquiry)');
    // The clock stopped at the send-back; the breach rule (docs/domain.md) names the outcome: sent
    // back in time, or late when the deadline had passed untouched. Never an open breach.
    await expect(field(page, 'sla')).resolves.toMatch(/^(Sent back|Late|Within target)\b/);

    // The timeline (customer 360) and the funnel refetch: the recycle is in both.
    await page.waitForFunction(() => {
      const c360 = document.querySelector('tandem-customer-360') as unknown as {
        data?: Customer;
        state: string;
      };
      return (
        c360.state === 'ready' &&
        c360.data?.timeline.edges.some((e) => e.node.title.startsWith('Sent back to marketing'))
      );
    });
    await expect(
      page
        .locator('tandem-customer-360 [data-mark="entry"]', { hasText: 'Sent back to marketing' })
        .first()
        .textContent(),
    ).resolves.toContain('Budget review in Q3');
    await page.waitForFunction(
      (old) =>
        (document.querySelector('tandem-funnel') as unknown as { data: Funnel }).data.stages.find(
          (s) => s.key === 'sal',
        )!.recycledBack ===
        old + 1,
      before,
    );
    await expect(
      page.locator('tandem-funnel [data-mark]', { hasText: 'SAL' }).textContent(),
    ).resolves.toContain(`${before + 1} recycled`);
    // A lead back with marketing cannot be sent back again: the button says why.
    await expect(page.locator('#sendback button').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'e2e', 'crm-sent-back');
    expect(page.errors).toEqual([]);
  });

  it('marketing qualifies and hands off a lead, sales accepts it', async () => {
    await openFromDirectory(page, gateway.url, 'Leads', 'Lead \\(inquiry\\)');
    await expect(page.locator('#handoff button').isDisabled()).resolves.toBe(true); // not a prospect yet
    for (const flag of ['icpFit', 'hasBudget', 'hasTimeframe', 'willingToEngage'])
      await page.check(`#qualify input[name="${flag}"]`);
    await page.click('#qualify button[type="submit"]');
    await page.waitForFunction(() =>
      document.querySelector('#loop-result')?.textContent?.startsWith('Qualified'),
    );

    await page.fill('#handoff input[name="note"]', 'Asked for a demo');
    await page.click('#handoff button[type="submit"]');
    await page.waitForFunction(() =>
      document.querySelector('#loop-result')?.textContent?.startsWith('Handed off'),
    );
    await expect(field(page, 'stage')).resolves.toBe('MQL');
    await expect(field(page, 'sla')).resolves.toMatch(/^Open, due /);

    await page.click('#accept button[type="submit"]');
    await page.waitForFunction(() =>
      document.querySelector('#loop-result')?.textContent?.startsWith('Accepted'),
    );
    await expect(field(page, 'stage')).resolves.toBe('SAL');
    await page.waitForFunction(() => {
      const c360 = document.querySelector('tandem-customer-360') as unknown as {
        data?: Customer;
        state: string;
      };
      return (
        c360.state === 'ready' && c360.data?.timeline.edges.some((e) => e.node.title.includes('MQL → SAL'))
      );
    });
    await screenshot(page, 'e2e', 'crm-accepted');
    expect(page.errors).toEqual([]);
  });

  it('an account page acts on the person picked in its customer 360', async () => {
    await openFromDirectory(page, gateway.url, 'Accounts');
    await page.waitForFunction(
      () => !document.querySelector('#loop-person')?.textContent?.startsWith('Loading'),
    );
    const people = page.locator('tandem-customer-360 [data-mark="person"]');
    expect(await people.count()).toBeGreaterThan(1);
    const second = (await people.nth(1).locator('.name').textContent())!;
    await people.nth(1).click();
    await page.waitForFunction(
      (name) => document.querySelector('#loop-person')?.textContent?.startsWith(name),
      second,
    );
    await screenshot(page, 'e2e', 'crm-account');
    expect(page.errors).toEqual([]);
  });
});
