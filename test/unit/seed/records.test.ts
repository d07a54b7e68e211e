import { beforeAll, describe, expect, it } from 'vitest';
import { type SourceRecordInput, sourceRecord } from '../../../gateway/ingest/records.js';
import { generate, instantOf, now } from './sample.js';

/** Whose story a record belongs to: the lower-cased email its person record carries. */
function storyKeys(records: SourceRecordInput[]) {
  const emailOf = new Map<string, string>();
  return records.map((record) => {
    let ref: unknown = null;
    if (record.kind === 'person') {
      emailOf.set(`${record.system}|${record.sourceId}`, String(record.email).toLowerCase());
      return String(record.email).toLowerCase();
    }
    if (record.kind === 'touch' || record.kind === 'activity' || record.kind === 'stageChange')
      ref = record.person;
    else if (record.kind === 'opportunity') ref = record.primaryPerson;
    else return null;
    const target = ref as { email?: string; system?: string; sourceId?: string };
    const key = target.email
      ? target.email.toLowerCase()
      : emailOf.get(`${target.system}|${target.sourceId}`);
    if (!key) throw new Error(`${record.kind} refers to a person not yet written: ${JSON.stringify(ref)}`);
    return key;
  });
}

describe('demo records', () => {
  let records: SourceRecordInput[];
  beforeAll(() => {
    records = generate({ people: 500, touches: 5_000, seed: 3 });
  });

  it('all pass the ingest contract', () => {
    const failures = records.flatMap((record) => {
      const parsed = sourceRecord.safeParse(record);
      return parsed.success ? [] : [`${JSON.stringify(record)}: ${parsed.error.message}`];
    });
    expect(failures.slice(0, 3)).toEqual([]);
    expect(records.length).toBeGreaterThan(5_000);
  });

  it('pass the contract for the German tenant too (umlauts never reach an email address)', () => {
    const german = generate({ tenantId: 'nordlicht', people: 300, touches: 3_000, seed: 8 });
    const failures = german.filter((record) => !sourceRecord.safeParse(record).success);
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('come as users, campaigns, costs, accounts, then people', () => {
    const sections = ['user', 'campaign', 'campaignCost', 'account', 'person'];
    const sectionOf = (kind: string) =>
      Math.min(sections.indexOf(kind) === -1 ? 4 : sections.indexOf(kind), 4);
    const order = records.map((record) => sectionOf(record.kind));
    expect(order.every((section, index) => index === 0 || section >= order[index - 1])).toBe(true);
    expect(records[0].kind).toBe('user');
  });

  it('name every campaign, account and person only after writing it', () => {
    const seen = new Set<string>();
    for (const record of records) {
      if (record.kind === 'campaign' || record.kind === 'account')
        seen.add(`${record.system}|${record.sourceId}`);
      if (record.kind === 'campaign' && record.parent)
        expect(seen.has(`${record.parent.system}|${record.parent.sourceId}`)).toBe(true);
      if (record.kind === 'campaignCost')
        expect(seen.has(`${record.campaign.system}|${record.campaign.sourceId}`)).toBe(true);
      if (record.kind === 'touch' && record.campaign)
        expect(seen.has(`${record.campaign.system}|${record.campaign.sourceId}`)).toBe(true);
      if (record.kind === 'opportunity' && record.account && 'system' in record.account) {
        expect(seen.has(`${record.account.system}|${record.account.sourceId}`)).toBe(true);
      }
    }
    expect(() => storyKeys(records)).not.toThrow();
  });

  it('tell each person’s story in one block, in order of time, Marketo lead first and deals last', () => {
    const keys = storyKeys(records);
    const finished = new Set<string>();
    let current: string | null = null;
    let last = Number.NEGATIVE_INFINITY;
    let inDeals = false;
    keys.forEach((key, index) => {
      if (key === null) return;
      const record = records[index];
      if (key !== current) {
        expect(finished.has(key), `story of ${key} resumed`).toBe(false);
        if (current) finished.add(current);
        expect(
          record.kind === 'person' && record.system === 'marketo' && record.objectType === 'ma_lead',
        ).toBe(true);
        current = key;
        last = Number.NEGATIVE_INFINITY;
        inDeals = false;
      }
      if (record.kind === 'opportunity') {
        inDeals = true;
        return;
      }
      expect(inDeals, `${record.kind} after the deals of ${key}`).toBe(false);
      const at = instantOf(record) ?? Number.NaN;
      expect(at, `${record.kind} of ${key} out of order`).toBeGreaterThanOrEqual(last);
      last = at;
    });
  });

  it('keep every event inside the history', () => {
    const start = now.getTime() - 3 * 365.25 * 86_400_000;
    for (const record of records) {
      const at = instantOf(record);
      if (at === undefined) continue;
      expect(at).toBeLessThan(now.getTime());
      expect(at).toBeGreaterThanOrEqual(start - 86_400_000);
    }
  });
});
