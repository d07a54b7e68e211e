import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecordInput } from '../../../gateway/ingest/records.js';
import { generate, ofKind, type RecordOf } from './sample.js';

describe('demo people across Marketo and Salesforce', () => {
  let records: SourceRecordInput[];
  let people: RecordOf<'person'>[];
  beforeAll(() => {
    records = generate({ people: 3_000, touches: 30_000, seed: 11 });
    people = ofKind(records, 'person');
  });
  const ofType = (objectType: string) => people.filter((person) => person.objectType === objectType);

  it('puts every human in Marketo once, with a lower-case work email', () => {
    // A person's Marketo record may come again (the prospect flags marketing sets before a
    // handoff), always under the one Marketo id.
    const marketo = ofType('ma_lead');
    expect(new Set(marketo.map((person) => person.sourceId)).size).toBe(3_000);
    expect(
      marketo.every((person) => person.system === 'marketo' && person.email === person.email?.toLowerCase()),
    ).toBe(true);
    expect(new Set(marketo.map((person) => person.email)).size).toBe(3_000);
  });

  it('puts most of them in Salesforce as leads', () => {
    const leads = ofType('lead');
    expect(leads.every((lead) => lead.system === 'salesforce')).toBe(true);
    expect(leads.length / 3_000).toBeGreaterThan(0.6);
    expect(leads.length / 3_000).toBeLessThan(0.95);
  });

  it('converts qualified leads into contacts that name the lead they came from', () => {
    const leadIds = new Map(ofType('lead').map((lead) => [lead.sourceId, lead]));
    const contacts = ofType('contact');
    expect(contacts.length).toBeGreaterThan(50);
    for (const contact of contacts) {
      const lead = leadIds.get(String(contact.convertedFrom?.sourceId));
      expect(contact.convertedFrom).toMatchObject({ system: 'salesforce', objectType: 'lead' });
      expect(lead?.email).toBe(contact.email);
      expect(contact.account).toMatchObject({ system: 'salesforce' });
    }
    const sqlPeople = ofKind(records, 'stageChange').filter((change) => change.to === 'sql');
    expect(
      sqlPeople.every((change) => 'objectType' in change.person && change.person.objectType === 'contact'),
    ).toBe(true);
  });

  it('spells some 15 % of CRM emails with other capitals than Marketo does', () => {
    const crm = [...ofType('lead'), ...ofType('contact')];
    const marketoEmails = new Set(ofType('ma_lead').map((person) => person.email));
    const recased = crm.filter((person) => person.email !== person.email?.toLowerCase());
    expect(recased.length / crm.length).toBeGreaterThan(0.1);
    expect(recased.length / crm.length).toBeLessThan(0.2);
    expect(recased.every((person) => marketoEmails.has(person.email?.toLowerCase()))).toBe(true);
  });

  it('keeps colleagues at one company as separate people on its domain', () => {
    const accountDomains = new Set(ofKind(records, 'account').map((account) => account.domain));
    const byDomain = new Map<string, number>();
    for (const person of ofType('ma_lead')) {
      const domain = String(person.email).split('@')[1];
      expect(accountDomains.has(domain)).toBe(true);
      expect(person.account).toEqual({ domain });
      byDomain.set(domain, (byDomain.get(domain) ?? 0) + 1);
    }
    const shared = [...byDomain.values()].filter((count) => count >= 2);
    expect(shared.length).toBeGreaterThan(100);
  });

  it('names people in touches by Marketo id mostly and by email sometimes', () => {
    const touches = ofKind(records, 'touch');
    const byEmail = touches.filter((touch) => 'email' in touch.person).length;
    const byMarketo = touches.filter(
      (touch) => 'objectType' in touch.person && touch.person.objectType === 'ma_lead',
    ).length;
    expect(byEmail / touches.length).toBeGreaterThan(0.05);
    expect(byEmail / touches.length).toBeLessThan(0.3);
    expect(byMarketo + byEmail).toBe(touches.length);
  });

  it('has sales activities and sales stage changes name the CRM record', () => {
    const salesChanges = ofKind(records, 'stageChange').filter((change) => change.byTeam === 'sales');
    for (const record of [...ofKind(records, 'activity'), ...salesChanges]) {
      expect(record.person).toMatchObject({ system: 'salesforce' });
    }
    const marketingChanges = ofKind(records, 'stageChange').filter((change) => change.byTeam === 'marketing');
    expect(
      marketingChanges.every(
        (change) => 'objectType' in change.person && change.person.objectType === 'ma_lead',
      ),
    ).toBe(true);
  });

  it('staffs two sales teams and a demand generation team, 12–20 users', () => {
    const users = ofKind(records, 'user');
    expect(users.length).toBeGreaterThanOrEqual(12);
    expect(users.length).toBeLessThanOrEqual(20);
    const teams = new Set(users.map((user) => `${user.team}/${user.teamFunction}`));
    expect(teams).toContain('Sales – Enterprise/sales');
    expect(teams).toContain('Sales – Mid-market/sales');
    expect(teams).toContain('Demand Generation/marketing');
    const salesEmails = new Set(
      users.filter((user) => user.teamFunction === 'sales').map((user) => user.email),
    );
    expect(ofKind(records, 'activity').every((activity) => salesEmails.has(String(activity.userEmail)))).toBe(
      true,
    );
  });
});
