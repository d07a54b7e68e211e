import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

describe('tenant selection', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await createTestGateway();
  });
  afterAll(() => gateway.drop());

  it('answers for the tenant the request names', async () => {
    const result = await gateway.graphql<{ tenant: { name: string; currency: string } }>(
      '{ tenant { name currency } }',
      {},
      { tenant: 'globex' },
    );
    expect(result.data?.tenant).toEqual({ name: 'Globex GmbH', currency: 'EUR' });
  });

  it('names an unknown tenant in its error', async () => {
    const result = await gateway.graphql('{ tenant { name } }', {}, { tenant: 'initech' });
    expect(result.errors?.[0]?.message).toBe("unknown tenant 'initech'");
    expect(result.errors?.[0]?.extensions?.code).toBe('UNKNOWN_TENANT');
  });
});
