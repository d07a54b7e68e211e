/**
 * The server-rendered pages over HTTP (no browser): every value from the URL or the data is
 * escaped, unknown attributes never reach the page, missing records are 404s that say what exists,
 * and GraphiQL opens with its example tabs (test/schema/graphiql-examples.test.ts runs them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlExamples } from '../../gateway/server/graphiql-examples.js';
import { escapeHtml, html } from '../../gateway/server/pages/html.js';
import { type DemoGateway, startDemoGateway } from './support.js';

const attack = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

describe('the page templates', () => {
  it('escape every interpolated value, once', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\``)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;',
    );
    const inner = html`<b>${attack}</b>`;
    expect(html`<p title="${attack}">${inner}${[attack, null, undefined, false]}</p>`.value).toBe(
      `<p title="${escapeHtml(attack)}"><b>${escapeHtml(attack)}</b>${escapeHtml(attack)}</p>`,
    );
  });
});

describe('the server-rendered pages', () => {
  let gateway: DemoGateway;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, { headers });

  beforeAll(async () => {
    gateway = await startDemoGateway();
  });
  afterAll(() => gateway?.close());

  it('the iframe route passes only the widget’s own attributes, escaped', async () => {
    const response = await get(
      `/embed/funnel?tenant=acme&from=${encodeURIComponent(attack)}&onload=alert(3)&orientation=vertical`,
    );
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(
      `<tandem-funnel id="widget" tenant="acme" from="${escapeHtml(attack)}" orientation="vertical">`,
    );
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('onload');
    expect(body).not.toMatch(/<img/);
  });

  it('an unknown widget or record is a 404 that says what exists', async () => {
    const widget = await get(`/embed/${encodeURIComponent(attack)}`);
    expect(widget.status).toBe(404);
    const text = await widget.text();
    expect(text).toContain('/embed/customer-360');
    expect(text).not.toContain('<script>alert');

    const record = await get(`/crm/lead/${encodeURIComponent(attack)}?tenant=acme`);
    expect(record.status).toBe(404);
    expect(await record.text()).not.toContain('<script>alert');
    expect((await get('/crm/opportunity/1')).status).toBe(404);
  });

  it('a record page shows the record and its customer 360 by CRM id', async () => {
    const directory = await (await get('/crm?tenant=nordlicht')).text();
    const href = /href="(\/crm\/lead\/[^"]+)"/.exec(directory)![1]!.replaceAll('&amp;', '&');
    expect(href).toContain('tenant=nordlicht');
    const response = await get(href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    const body = await response.text();
    const id = decodeURIComponent(href.split('/')[3]!.split('?')[0]!);
    expect(body).toContain(
      `<tandem-customer-360 record-id="${escapeHtml(id)}" tenant="nordlicht" currency="EUR">`,
    );
  });

  it('the configurator offers every widget with the tenant’s own choices', async () => {
    const body = await (await get('/configure?tenant=acme&widget=campaign-roi')).text();
    for (const tag of [
      'tandem-funnel',
      'tandem-sla-gauge',
      'tandem-lead-heatmap',
      'tandem-campaign-roi',
      'tandem-customer-360',
      'tandem-trend',
    ])
      expect(body).toContain(`data-tag="${tag}"`);
    expect(body).toMatch(/value="campaign-roi"[^>]*checked/);
    expect(body).toContain('<option value="Enterprise"');
    expect(body).toContain('<option value="W_SHAPED"');
  });

  it('GraphiQL opens with the example operations', async () => {
    const page = await (await get('/graphql', { accept: 'text/html' })).text();
    for (const { name } of graphiqlExamples) expect(page).toContain(name);
  });
});
