/**
 * Every recipe in the README's "Recipes", run as written: its code blocks are read from README.md,
 * the placeholders filled in (host, token, CRM merge fields), and the result opened on another
 * site in Chromium. Recipes that are excerpts of the interop apps must match those apps.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoGateway,
  launchChromium,
  openPage,
  root,
  screenshot,
  startDemoGateway,
  widgetsReady,
} from './support.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const recipesSection = readme.slice(
  readme.indexOf('\n## Recipes'),
  readme.indexOf('\n## ', readme.indexOf('\n## Recipes') + 5),
);

/** The fenced code blocks under `### <heading>` in "Recipes". */
function blocks(heading: string): string[] {
  const start = recipesSection.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`README "Recipes" has no "### ${heading}"`);
  const end = recipesSection.indexOf('\n### ', start + 5);
  const text = recipesSection.slice(start, end < 0 ? undefined : end);
  return [...text.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Whether `excerpt` appears in `file` line by line (indentation kept), so the README cannot drift. */
function excerptOf(excerpt: string, file: string): boolean {
  return readFileSync(join(root, file), 'utf8').includes(excerpt.trimEnd());
}

const c360Ready = (page: Page) =>
  page.frameLocator('iframe').locator('tandem-customer-360[state="ready"]').waitFor({ timeout: 30_000 });

describe('the README recipes', () => {
  let gateway: DemoGateway;
  let browser: Browser;
  let lead: { sourceId: string; email: string };
  const fill = (text: string) =>
    text.replaceAll('https://your-tandem-host', gateway.url).replaceAll('YOUR_TOKEN', gateway.tokens.acme);

  beforeAll(async () => {
    [gateway, browser] = await Promise.all([startDemoGateway(), launchChromium()]);
    lead = (await gateway.database.db
      .selectFrom('person_identities as i')
      .innerJoin('people as p', (join) =>
        join.onRef('p.id', '=', 'i.person_id').onRef('p.tenant_id', '=', 'i.tenant_id'),
      )
      .select(['i.source_id as sourceId', 'p.email'])
      .where('i.tenant_id', '=', 'acme')
      .where('i.object_type', '=', 'lead')
      .where('p.email', 'is not', null)
      .orderBy('i.source_id')
      .executeTakeFirstOrThrow()) as { sourceId: string; email: string };
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('a script tag on any page', async () => {
    const [markup] = blocks('A script tag on any page');
    const page = await openPage(browser);
    await gateway.hosts.intranet.show(
      page,
      `<!doctype html><meta charset="utf-8"><body>${fill(markup!)}</body>`,
    );
    await widgetsReady(page);
    await screenshot(page, 'recipes', 'script-tag');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('an npm import, React and Vue are the interop apps’ own code', () => {
    expect(excerptOf(blocks('An npm import')[0]!, 'test/interop/react/main.js')).toBe(true);
    expect(excerptOf(blocks('An npm import')[0]!, 'test/interop/vue/main.js')).toBe(true);
    expect(excerptOf(blocks('React')[0]!, 'test/interop/react/main.js')).toBe(true);
    const [config, template] = blocks('Vue');
    expect(excerptOf(config!, 'test/interop/vite.config.ts')).toBe(true);
    expect(excerptOf(template!, 'test/interop/vue/App.vue')).toBe(true);
  });

  it('Salesforce: the Lightning web component wraps the iframe route and grows with it', async () => {
    const [component, template] = blocks('Salesforce: a Lightning web component');
    // The template binds exactly what the stand-in renders: the frame's address and style.
    expect(template).toContain('<iframe src={src} style={frameStyle}');
    const code = fill(component!)
      .replace(/^import .* from 'lwc';$/m, '')
      .replaceAll('@api ', '')
      .replace('export default class', 'class');
    const page = await openPage(browser);
    await gateway.hosts.crm.show(
      page,
      `<!doctype html><meta charset="utf-8"><body><script type="module">
        // A stand-in for LWC: the template is the element itself, and it re-renders every frame.
        class LightningElement extends HTMLElement { get template() { return this; } }
        ${code}
        customElements.define('c-tandem-customer-360', class extends TandemCustomer360 {
          connectedCallback() { super.connectedCallback(); this.render(); }
          render() {
            const frame = this.querySelector('iframe') ?? this.appendChild(document.createElement('iframe'));
            if (frame.getAttribute('src') !== this.src) frame.setAttribute('src', this.src);
            frame.style.cssText = this.frameStyle;
            requestAnimationFrame(() => this.render());
          }
        });
        const element = Object.assign(document.createElement('c-tandem-customer-360'), {
          recordId: ${JSON.stringify(lead.sourceId)}, token: ${JSON.stringify(gateway.tokens.acme)},
        });
        document.body.append(element);
      </script></body>`,
    );
    await c360Ready(page);
    await page.waitForFunction(
      () => document.querySelector('iframe')!.getBoundingClientRect().height !== 640,
    );
    expect(await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height)).toBeGreaterThan(
      200,
    );
    await screenshot(page, 'recipes', 'salesforce-lwc');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('Salesforce: Visualforce', async () => {
    const [markup] = blocks('Salesforce: Visualforce');
    const body = fill(markup!)
      .replace(/<\/?apex:page[^>]*>/g, '')
      .replace('{!Lead.Id}', lead.sourceId)
      .replace('{!tandemToken}', gateway.tokens.acme);
    const page = await openPage(browser);
    await gateway.hosts.crm.show(page, `<!doctype html><meta charset="utf-8"><body>${body}</body>`);
    await c360Ready(page);
    await expect(
      page.frameLocator('iframe').locator('tandem-customer-360 [data-mark="person"].focus').count(),
    ).resolves.toBe(1);
    await page.close();
  });

  it('HubSpot: the iframe modal finds the contact by email and closes on Done', async () => {
    const [code] = blocks('HubSpot: the iframe modal');
    const uri = /uri: `([^`]+)`/.exec(code!)![1]!;
    // The recipe's own template placeholders, filled in as HubSpot would at run time.
    const email = '$' + '{encodeURIComponent(email)}';
    const token = '$' + '{token}';
    const address = fill(uri)
      .replace(email, encodeURIComponent(lead.email))
      .replace(token, gateway.tokens.acme);
    const page = await openPage(browser);
    await gateway.hosts.crm.show(
      page,
      `<!doctype html><meta charset="utf-8"><body>
      <script>window.received = []; addEventListener('message', (e) => received.push(e.data));</script>
      <iframe src="${address}" title="Customer 360" style="width: 960px; height: 720px; border: 0"></iframe></body>`,
    );
    await c360Ready(page);
    await page.frameLocator('iframe').locator('#done').click();
    await page.waitForFunction(() =>
      (window as unknown as { received: unknown[] }).received.includes('{"action":"DONE"}'),
    );
    await page.close();
  });

  it('Dynamics 365: an HTML web resource', async () => {
    const [markup] = blocks('Dynamics 365: an HTML web resource');
    const page = await openPage(browser);
    const site = gateway.hosts.crm;
    site.serve('/tandem-token?tenant=acme', gateway.tokens.acme, 'text/plain');
    // Dynamics opens a web resource with the record's id in braces.
    const address = `/webresource.htm?id=${encodeURIComponent(`{${lead.sourceId}}`)}&typename=lead`;
    site.serve(address, fill(markup!).replace('https://your-token-service', site.origin));
    await page.goto(`${site.origin}${address}`);
    await widgetsReady(page);
    await screenshot(page, 'recipes', 'dynamics-web-resource');
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('analysts: the curl line', async () => {
    const [script] = recipesSection
      .slice(recipesSection.indexOf('### Analysts'))
      .match(/```sh\n([\s\S]*?)```/)!
      .slice(1);
    const curl = fill(script!.replace(/^TOKEN=.*\n/m, '')).replaceAll('$TOKEN', gateway.analystTokens.acme);
    // Not execFileSync: the gateway answers from this process, which must stay free to.
    const { stdout } = await promisify(execFile)('sh', ['-c', curl], { encoding: 'utf8' });
    const out = JSON.parse(stdout) as {
      data?: { funnel: { stages: { key: string }[] } };
    };
    expect(out.data?.funnel.stages.map((s) => s.key)).toContain('sql');
  });
});
