import { describe, expect, it } from 'vitest';
import { demoTenants, generateDemoRecords } from '../../../gateway/seed/generate.js';
import { generate, sampleOptions } from './sample.js';

const serialised = (overrides: Parameters<typeof generate>[0]) => JSON.stringify(generate(overrides));

describe('generateDemoRecords determinism', () => {
  it('gives a byte-identical sequence for the same seed and options', () => {
    const options = { people: 400, touches: 4_000, seed: 7 };
    expect(serialised(options)).toBe(serialised(options));
  });

  it('gives different data for a different seed', () => {
    const first = generate({ people: 200, touches: 2_000, seed: 1 });
    const second = generate({ people: 200, touches: 2_000, seed: 2 });
    expect(JSON.stringify(first)).not.toBe(JSON.stringify(second));
    const emails = (records: typeof first) =>
      records.flatMap((record) =>
        record.kind === 'person' && record.objectType === 'ma_lead' ? [record.email] : [],
      );
    const shared = emails(first).filter((email) => emails(second).includes(email));
    expect(shared.length).toBeLessThan(10);
  });

  it('does not depend on the clock or on Math.random', () => {
    // Faker seeds itself from Math.random before we seed it; what matters is that nothing comes of it.
    const random = Math.random;
    const dateNow = Date.now;
    const runWith = (offset: number) => {
      let calls = offset;
      Math.random = () => (calls++ * 0.618_033_988_75) % 1;
      Date.now = () => 1_000_000_000_000 + offset * 86_400_000;
      try {
        return JSON.stringify(generate({ people: 100, touches: 1_000 }));
      } finally {
        Math.random = random;
        Date.now = dateNow;
      }
    };
    expect(runWith(1)).toBe(runWith(2));
  });

  it('streams: the first records come before the whole run is generated', () => {
    const iterator = generateDemoRecords(sampleOptions({ people: 1_000_000, touches: 10_000_000 }));
    // A million people would take seconds to plan up front; the first user arrives at once.
    const started = performance.now();
    expect(iterator.next().value?.kind).toBe('user');
    expect(performance.now() - started).toBeLessThan(2_000);
    iterator.return(undefined);
  });

  it('rejects options that cannot make a history', () => {
    expect(() => generate({ people: -1 })).toThrow(/people/);
    expect(() => generate({ touches: 1.5 })).toThrow(/touches/);
    expect(() => generate({ years: 0 })).toThrow(/years/);
    expect(() => generate({ now: new Date('nope') })).toThrow(/now/);
    expect(() => generate({ seed: Number.NaN })).toThrow(/seed/);
    // At the call, before any record is asked for.
    expect(() => generateDemoRecords(sampleOptions({ people: -1 }))).toThrow(/people/);
  });
});

describe('demoTenants', () => {
  it('offers an American and a German tenant with their own zone, currency and seed offset', () => {
    const tenants = demoTenants();
    expect(tenants.map((tenant) => [tenant.id, tenant.timeZone, tenant.currency])).toEqual([
      ['acme', 'America/New_York', 'USD'],
      ['nordlicht', 'Europe/Berlin', 'EUR'],
    ]);
    expect(new Set(tenants.map((tenant) => tenant.seedOffset)).size).toBe(2);
  });

  it('names the German tenant’s people and users with German names and its own domain', () => {
    const users = generate({ tenantId: 'nordlicht', people: 10, touches: 50 }).filter(
      (record) => record.kind === 'user',
    );
    expect(users.every((user) => user.kind === 'user' && user.email.endsWith('@nordlicht-software.de'))).toBe(
      true,
    );
  });
});
