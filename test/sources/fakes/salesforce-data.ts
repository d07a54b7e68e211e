/**
 * A small Salesforce org for the tests: two accounts, `leads` leads of which every fifth is
 * converted to a contact (with another email: the link, not the address, makes them one
 * person), a webinar campaign with members, opportunities with history, tasks and events.
 */
import type { FakeSalesforce } from './salesforce-server.js';

const base = Date.parse('2025-05-05T08:00:00Z');
export const sfStamp = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
export const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(15, '0')}`;

export function fillOrg(org: FakeSalesforce, size = { leads: 250 }): void {
  org.records.clear();
  const owner = { Email: 'Rita.Rep@tandem.test' };
  for (const [n, name, site] of [
    [1, 'Acme Robotics', 'https://www.acme-robotics.com/'],
    [2, 'Globex', 'globex.example'],
  ] as const) {
    org.put('Account', {
      Id: sfId('001', n),
      Name: name,
      Website: site,
      Industry: 'Software',
      NumberOfEmployees: 900,
      BillingCountry: 'Germany',
      Type: 'Customer',
      Owner: owner,
      CreatedDate: sfStamp(base),
      SystemModstamp: sfStamp(base + 1000 * n),
    });
  }
  for (let i = 1; i <= size.leads; i++) {
    const converted = i % 5 === 0;
    // Every 40 leads share one SystemModstamp: pages end inside such runs.
    const stamp = sfStamp(base + 1000 * Math.ceil(i / 40));
    org.put('Lead', {
      Id: sfId('00Q', i),
      Email: `lead${i}@example-${i % 2 === 0 ? 'a' : 'b'}.com`,
      FirstName: `Lead${i}`,
      LastName: 'Person',
      Title: 'Director',
      LeadSource: 'Webinar',
      Country: 'Germany',
      IsConverted: converted,
      ConvertedContactId: converted ? sfId('003', i) : null,
      ConvertedDate: converted ? '2025-05-06' : null,
      Owner: owner,
      CreatedDate: sfStamp(base - 86_400_000),
      SystemModstamp: stamp,
    });
    if (converted) {
      org.put('Contact', {
        Id: sfId('003', i),
        Email: `contact${i}@acme-robotics.com`,
        FirstName: `Lead${i}`,
        LastName: 'Person',
        Title: 'Director',
        Department: 'Marketing',
        MailingCountry: 'Germany',
        AccountId: sfId('001', 1),
        Owner: owner,
        CreatedDate: sfStamp(base + 86_400_000),
        SystemModstamp: sfStamp(base + 86_400_000 + 1000 * i),
      });
    }
  }
  org.put('Campaign', {
    Id: sfId('701', 1),
    Name: 'Spring webinar',
    Type: 'Webinar',
    ParentId: null,
    StartDate: '2025-04-10',
    EndDate: '2025-04-30',
    ActualCost: 5000,
    CreatedDate: sfStamp(base),
    SystemModstamp: sfStamp(base),
  });
  for (let i = 1; i <= 10; i++) {
    org.put('CampaignMember', {
      Id: sfId('00v', i),
      CampaignId: sfId('701', 1),
      LeadId: sfId('00Q', i),
      ContactId: i % 5 === 0 ? sfId('003', i) : null,
      Status: i <= 4 ? 'Attended' : i <= 8 ? 'Registered' : 'Sent',
      HasResponded: i <= 8,
      FirstRespondedDate: i <= 8 ? '2025-04-20' : null,
      Campaign: { Type: 'Webinar' },
      CreatedDate: sfStamp(base),
      SystemModstamp: sfStamp(base + 2000),
    });
  }
  org.put('Opportunity', {
    Id: sfId('006', 1),
    Name: 'Acme expansion',
    AccountId: sfId('001', 1),
    Amount: 48000,
    StageName: 'Closed Won',
    Probability: 100,
    CloseDate: '2025-06-30',
    IsClosed: true,
    IsWon: true,
    CampaignId: sfId('701', 1),
    Owner: owner,
    CreatedDate: sfStamp(base + 86_400_000),
    SystemModstamp: sfStamp(base + 3 * 86_400_000),
    OpportunityHistories: {
      totalSize: 3,
      done: true,
      records: [
        { StageName: 'Prospecting', Amount: 40000, CreatedDate: sfStamp(base + 86_400_000) },
        { StageName: 'Negotiation', Amount: 48000, CreatedDate: sfStamp(base + 2 * 86_400_000) },
        { StageName: 'Closed Won', Amount: 48000, CreatedDate: sfStamp(base + 3 * 86_400_000) },
      ],
    },
    OpportunityContactRoles: { totalSize: 1, done: true, records: [{ ContactId: sfId('003', 5) }] },
  });
  // Lead 5 was called as a lead, then met as the contact it became: both are the same person's.
  org.put('Task', {
    Id: sfId('00T', 1),
    WhoId: sfId('00Q', 5),
    Subject: 'Intro call',
    TaskSubtype: 'Call',
    CompletedDateTime: sfStamp(base + 3_600_000),
    Owner: owner,
    CreatedDate: sfStamp(base),
    SystemModstamp: sfStamp(base + 3_600_000),
  });
  org.put('Task', {
    Id: sfId('00T', 2),
    WhoId: sfId('00Q', 7),
    Subject: 'Newsletter',
    TaskSubtype: 'ListEmail',
    Owner: owner,
    CreatedDate: sfStamp(base),
    SystemModstamp: sfStamp(base + 3_600_000),
  });
  org.put('Task', {
    Id: sfId('00T', 3),
    WhoId: null,
    Subject: 'Prepare QBR',
    TaskSubtype: 'Task',
    ActivityDate: '2025-05-07',
    Owner: owner,
    CreatedDate: sfStamp(base),
    SystemModstamp: sfStamp(base + 3_600_000),
  });
  org.put('Event', {
    Id: sfId('00U', 1),
    WhoId: sfId('003', 5),
    Subject: 'Demo',
    StartDateTime: sfStamp(base + 2 * 86_400_000),
    Owner: owner,
    CreatedDate: sfStamp(base),
    SystemModstamp: sfStamp(base + 2 * 86_400_000),
  });
}
