/**
 * Script in CRM fields: stored as typed, served only as JSON strings (never HTML, never sniffed),
 * so it is inert until a widget renders it — and every widget renders data as text only, which
 * the browser suites check widget by widget in real Chromium:
 *   tandem-funnel, tandem-sla-gauge   test/browser/xss.test.ts
 *   tandem-customer-360               test/browser/customer-360.test.ts ("with hostile CRM text")
 *   tandem-lead-heatmap               test/browser/lead-heatmap.test.ts ("with hostile CRM text")
 *   tandem-campaign-roi               test/browser/campaign-roi.test.ts ("with hostile CRM text")
 * and test/unit/widgets/sinks.test.ts forbids HTML sinks in every widget source. Here: the
 * gateway's half, under vitest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../gateway/ingest/records.js';
import { campaignRoiOperation } from '../../widgets/campaign-roi/campaign-roi.query.js';
import { customerOperation } from '../../widgets/customer-360/customer-360.query.js';
import { leadsOperation } from '../../widgets/lead-heatmap/lead-heatmap.query.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '<img src=x onerror="window.__xss=1">';
const JS_URL = 'javascript:alert(document.domain)';
const t0 = Date.parse('2026-03-02T14:00:00Z');

const records: SourceRecordInput[] = [
  { kind: 'user', email: 'rep@acme.example', name: SCRIPT, team: IMG, teamFunction: 'sales' },
  { kind: 'campaign', system: 'marketo', sourceId: 'C1', name: IMG, channel: 'webinar' },
  {
    kind: 'account',
    system: 'salesforce',
    sourceId: 'A1',
    name: SCRIPT,
    domain: 'evil.example',
    industry: JS_URL,
    region: IMG,
    segment: SCRIPT,
    updatedAt: t0,
  },
  {
    kind: 'person',
    system: 'salesforce',
    objectType: 'lead',
    sourceId: 'L1',
    email: 'jane@evil.example',
    firstName: IMG,
    lastName: SCRIPT,
    title: JS_URL,
    account: { system: 'salesforce', sourceId: 'A1' },
    ownerEmail: 'rep@acme.example',
    createdAt: t0,
    updatedAt: t0,
  },
  {
    kind: 'touch',
    system: 'marketo',
    sourceId: 'T1',
    person: { email: 'jane@evil.example' },
    campaign: { system: 'marketo', sourceId: 'C1' },
    channel: 'webinar',
    type: 'form_submit',
    url: JS_URL,
    occurredAt: t0 + 1000,
  },
  {
    kind: 'activity',
    system: 'salesforce',
    sourceId: 'A1',
    person: { email: 'jane@evil.example' },
    userEmail: 'rep@acme.example',
    type: 'call',
    subject: SCRIPT,
    occurredAt: t0 + 2000,
  },
];

describe('script in CRM fields', () => {
  let gateway: TestGateway;
  let viewer: string;
  beforeAll(async () => {
    gateway = await createTestGateway();
    await gateway.ingest('acme', records);
    viewer = await gateway.token({ tenant: 'acme', role: 'viewer' });
  });
  afterAll(() => gateway.drop());

  it('comes back verbatim, as JSON text, to the customer-360 widget', async () => {
    const result = await gateway.graphql<{ customer: unknown }>(
      customerOperation.query,
      { email: 'jane@evil.example', first: 50 },
      { token: viewer },
    );
    expect(result.errors).toBeUndefined();
    expect(result.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(result.headers.get('x-content-type-options')).toBe('nosniff');
    const text = JSON.stringify(result.data);
    for (const hostile of [SCRIPT, IMG, JS_URL]) expect(text).toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it('comes back verbatim to the lead-heatmap drill-down and the campaign-roi widget', async () => {
    const leads = await gateway.graphql(leadsOperation.query, { filter: {}, first: 10 }, { token: viewer });
    expect(JSON.stringify(leads.data)).toContain(JSON.stringify(SCRIPT).slice(1, -1));
    const roi = await gateway.graphql(
      campaignRoiOperation.query,
      { filter: {}, model: 'W_SHAPED' },
      { token: viewer },
    );
    expect(JSON.stringify(roi.data)).toContain(JSON.stringify(IMG).slice(1, -1));
  });

  it('comes back as JSON in error messages that name the hostile value', async () => {
    const result = await gateway.graphql('query ($f: MetricsFilter) { funnel(filter: $f) { from } }', {
      f: { stage: SCRIPT },
    });
    expect(result.errors?.[0]?.message).toContain(`unknown stage '${SCRIPT}'`);
    expect(result.headers.get('content-type')).toMatch(/json/);
  });

  it('is never reflected into the GraphiQL page', async () => {
    const query = `{ tenant { id } }</script><script>window.__xss=1</script>`;
    const response = await gateway.yoga.fetch(
      `http://tandem.test/graphql?query=${encodeURIComponent(query)}`,
      { headers: { accept: 'text/html' } },
    );
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).not.toContain('<script>window.__xss=1</script>');
  });
});
