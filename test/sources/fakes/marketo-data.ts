/**
 * A small Marketo instance for the tests: `leads` leads, each created (New Lead) and then active
 * (page visits, a form fill, email opens and clicks, webinar statuses), two programs with costs.
 * Lead 3 changes title later (Change Data Value); lead `leads + 1` has activity but no New Lead
 * in the window, so the connector must fetch it on demand.
 */
import type { FakeActivity, FakeMarketo } from './marketo-server.js';

export const marketoBase = Date.now() - 30 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function fillInstance(marketo: FakeMarketo, size = { leads: 100 }): { touches: number } {
  marketo.leads.clear();
  marketo.emptyPagesAt.clear();
  marketo.activityAt = undefined;
  marketo.activityCount = undefined;
  marketo.leadFor = undefined;
  const activities: FakeActivity[] = [];
  let id = 0;
  let at = marketoBase;
  let touches = 0;
  const add = (leadId: number, activityTypeId: number, extra: Partial<FakeActivity> = {}) => {
    id++;
    at += 60_000;
    activities.push({
      id,
      marketoGUID: `guid-${id}`,
      leadId,
      activityDate: iso(at),
      activityTypeId,
      attributes: [],
      ...extra,
    });
    if (activityTypeId !== 12 && activityTypeId !== 13) touches++;
  };
  for (let lead = 1; lead <= size.leads + 1; lead++) {
    marketo.leads.set(lead, {
      id: lead,
      email: `lead${lead}@example-${lead % 2 === 0 ? 'a' : 'b'}.com`,
      firstName: `Lead${lead}`,
      lastName: 'Marketo',
      title: 'Analyst',
      createdAt: iso(marketoBase),
      updatedAt: iso(marketoBase),
    });
  }
  for (let lead = 1; lead <= size.leads; lead++) add(lead, 12);
  for (let lead = 1; lead <= size.leads + 1; lead++) {
    add(lead, 1, {
      primaryAttributeValue: 'Pricing',
      attributes: [{ name: 'Webpage URL', value: 'https://tandem.test/pricing' }],
    });
    add(lead, 10, { primaryAttributeValueId: 9001, primaryAttributeValue: 'Newsletter' });
    if (lead % 2 === 0) add(lead, 11, { attributes: [{ name: 'Link', value: 'https://tandem.test/blog' }] });
    if (lead % 4 === 0)
      add(lead, 2, { attributes: [{ name: 'Referrer URL', value: 'https://tandem.test/demo' }] });
  }
  // Webinar statuses: registered, attended, and a no-show that is no touch.
  for (const [lead, status] of [
    [1, 'Registered'],
    [1, 'Attended'],
    [2, 'Registered'],
    [2, 'No Show'],
  ] as const) {
    add(lead, 104, {
      primaryAttributeValueId: 1001,
      primaryAttributeValue: 'Spring webinar',
      attributes: [{ name: 'New Status', value: status }],
    });
  }
  touches--; // the no-show
  marketo.leads.get(3)!.title = 'Head of Analytics';
  add(3, 13, { attributes: [{ name: 'Attribute Name', value: 'Job Title' }] });
  marketo.activities = activities;
  marketo.programs = [
    {
      id: 1001,
      name: 'Spring webinar',
      channel: 'Webinar',
      updatedAt: iso(marketoBase),
      costs: [
        { startDate: '2025-04-01', cost: 3000 },
        { startDate: '2025-04-15', cost: 500 },
        { startDate: '2025-05-01', cost: 250 },
      ],
    },
    { id: 1002, name: 'Newsletter', channel: 'Email Blast', updatedAt: iso(marketoBase) },
  ];
  return { touches };
}
