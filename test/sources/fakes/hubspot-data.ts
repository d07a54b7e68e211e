/**
 * A small HubSpot portal for the tests: two companies, `contacts` contacts spread over both
 * (with lifecycle dates), three deals with stage history and associations, calls, emails and
 * meetings, marketing email events (one machine-filtered) and form submissions.
 */
import type { FakeHubSpot } from './hubspot-server.js';

const base = Date.parse('2025-06-02T09:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

export interface PortalSize {
  contacts: number;
}

export function fillPortal(
  hubspot: FakeHubSpot,
  size: PortalSize = { contacts: 450 },
  now = Date.now(),
): void {
  hubspot.objects.clear();
  hubspot.associations.clear();
  hubspot.owners = [
    { id: '501', email: 'rita.rep@tandem.test' },
    { id: '502', email: 'mark.marketer@tandem.test' },
  ];
  hubspot.put('companies', company('1', 'Acme Robotics', 'acme-robotics.com', base));
  hubspot.put('companies', company('2', 'Globex', 'globex.example', base + 1000));
  for (let i = 1; i <= size.contacts; i++) {
    // Every 50 contacts share one modification instant: search must page within it.
    const modified = base + 60_000 * Math.ceil(i / 50);
    hubspot.put('contacts', contact(String(i), i, modified));
  }
  for (const [id, contactId, companyId, stages] of [
    ['9001', '1', '1', ['appointmentscheduled', 'qualifiedtobuy', 'closedwon']],
    ['9002', '2', '1', ['appointmentscheduled', 'closedlost']],
    ['9003', '3', '2', ['appointmentscheduled']],
  ] as const) {
    const history = stages.map((value, step) => ({ value, timestamp: iso(base + 86_400_000 * (step + 1)) }));
    const last = stages.at(-1)!;
    hubspot.put('deals', {
      id,
      properties: {
        dealname: `Deal ${id}`,
        amount: '12000',
        dealstage: last,
        createdate: iso(base + 86_400_000),
        closedate: last.startsWith('closed') ? iso(base + 86_400_000 * stages.length) : null,
        hs_is_closed: String(last.startsWith('closed')),
        hs_is_closed_won: String(last === 'closedwon'),
        hs_deal_stage_probability: last === 'closedwon' ? '1' : last === 'closedlost' ? '0' : '0.2',
        hubspot_owner_id: '501',
        hs_lastmodifieddate: iso(base + 86_400_000 * stages.length),
      },
      propertiesWithHistory: {
        dealstage: history.reverse(),
        amount: [{ value: '12000', timestamp: iso(base + 86_400_000) }],
      },
    });
    hubspot.associate('deals', id, 'contacts', [contactId]);
    hubspot.associate('deals', id, 'companies', [companyId]);
  }
  for (const [type, title] of [
    ['calls', 'hs_call_title'],
    ['emails', 'hs_email_subject'],
    ['meetings', 'hs_meeting_title'],
  ] as const) {
    for (let i = 1; i <= 5; i++) {
      const id = `${type.length}${i}`;
      hubspot.put(type, {
        id,
        properties: {
          hs_timestamp: iso(base + 3_600_000 * i),
          [title]: `${type} ${i}`,
          hubspot_owner_id: '501',
          hs_email_direction: type === 'emails' && i === 5 ? 'INCOMING_EMAIL' : 'EMAIL',
          hs_lastmodifieddate: iso(base + 3_600_000 * i),
        },
      });
      // The fourth engagement of each type is with two contacts; the first with none (a company call).
      if (i > 1) hubspot.associate(type, id, 'contacts', i === 4 ? [String(i), String(i + 1)] : [String(i)]);
    }
  }
  hubspot.emailEvents = [];
  for (let i = 1; i <= 60; i++) {
    const k = (i % 20) + 1;
    hubspot.emailEvents.push({
      id: `ev-${i}`,
      created: now - 86_400_000 * 10 + i * 1000,
      // Cased unlike the contact's address: identity matches on the normalised email.
      recipient: `Person${k}@Example-${k % 2 === 0 ? 'A' : 'B'}.com`,
      type: i % 3 === 0 ? 'CLICK' : 'OPEN',
      url: i % 3 === 0 ? 'https://tandem.test/pricing' : undefined,
      filteredEvent: i === 7,
    });
  }
  hubspot.forms.set('form-a', [
    {
      conversionId: 'conv-2',
      submittedAt: now - 86_400_000,
      pageUrl: 'https://tandem.test/demo',
      values: [{ name: 'email', value: 'person2@example-a.com' }],
    },
    {
      conversionId: 'conv-1',
      submittedAt: now - 2 * 86_400_000,
      pageUrl: 'https://tandem.test/demo',
      values: [{ name: 'email', value: 'person1@example-b.com' }],
    },
  ]);
}

function company(id: string, name: string, domain: string, modified: number) {
  return {
    id,
    properties: {
      name,
      domain,
      industry: 'Software',
      numberofemployees: '250',
      country: 'United States',
      createdate: iso(base),
      hs_lastmodifieddate: iso(modified),
    },
  };
}

export function contact(id: string, i: number, modified: number) {
  const created = base - 86_400_000 * 30;
  return {
    id,
    properties: {
      email: `person${i}@example-${i % 2 === 0 ? 'a' : 'b'}.com`,
      firstname: `First${i}`,
      lastname: `Last${i}`,
      jobtitle: 'Engineer',
      country: 'United States',
      associatedcompanyid: i % 2 === 0 ? '1' : '2',
      hubspot_owner_id: '501',
      lifecyclestage: i % 10 === 0 ? 'marketingqualifiedlead' : 'lead',
      hs_v2_date_entered_lead: iso(created + 1000),
      hs_v2_date_entered_marketingqualifiedlead: i % 10 === 0 ? iso(created + 86_400_000) : null,
      createdate: iso(created),
      lastmodifieddate: iso(modified),
    },
  };
}
