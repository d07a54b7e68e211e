/**
 * Funnel.groups(by) (schema/funnel-groups.ts), on SQLite and PostgreSQL over a small demo seed: each
 * group's reached per stage equals the funnel filtered to its value, the groups come most people
 * first, and a dimension the funnel cannot be grouped by is refused naming the ones it can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoRecords } from '../../gateway/seed/generate.js';
import { dialects } from '../support/databases.js';
import { createTestGateway, type TestGateway } from '../support/gateway.js';

interface Answer {
  funnel: {
    stages: { key: string; reached: number }[];
    groups?: { value: string | null; label: string; reached: number[] }[];
  };
}

const query = /* GraphQL */ `
  query ($filter: MetricsFilter, $by: Dimension!, $grouped: Boolean!) {
    funnel(filter: $filter) {
      stages { key reached }
      groups(by: $by) @include(if: $grouped) { value label reached }
    }
  }
`;

/** The filter field each grouped dimension is a slice of. */
const sliceOf: Record<string, string> = { LEAD_SOURCE: 'leadSource', SEGMENT: 'segment', REGION: 'region' };

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`funnel groups on ${dialect.name}`, () => {
    let gateway: TestGateway;
    const now = new Date();
    const year = {
      from: new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)).toISOString().slice(0, 10),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10),
    };

    beforeAll(async () => {
      gateway = await createTestGateway(dialect.name);
      const records = generateDemoRecords({ tenantId: 'acme', seed: 16, people: 300, touches: 3_000, now });
      expect((await gateway.ingest('acme', records)).rejectedCount).toBe(0);
    });
    afterAll(async () => {
      await gateway?.drop();
    });

    const ask = async (variables: Record<string, unknown>) => {
      const result = await gateway.graphql<Answer>(query, variables);
      expect(result.errors).toBeUndefined();
      return result.data!.funnel;
    };

    it.each(Object.keys(sliceOf))('by %s: each group equals the funnel filtered to its value', async (by) => {
      const funnel = await ask({ filter: year, by, grouped: true });
      const groups = funnel.groups!;
      expect(groups.length).toBeGreaterThan(1);
      const sizes = groups.map((g) => g.reached[0]!);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      for (const group of groups) {
        expect(group.reached).toHaveLength(funnel.stages.length);
        if (group.value === null) continue; // "(none)" has no filter to compare with
        const alone = await ask({ filter: { ...year, [sliceOf[by]!]: group.value }, by, grouped: false });
        expect(group.reached, `${by} ${group.value}`).toEqual(alone.stages.map((s) => s.reached));
      }
      // Each person has one value of these dimensions: the groups add up to the funnel.
      funnel.stages.forEach((stage, i) => {
        expect(
          groups.reduce((sum, g) => sum + g.reached[i]!, 0),
          stage.key,
        ).toBe(stage.reached);
      });
    });

    it('refuses a dimension the funnel cannot be grouped by, naming the ones it can', async () => {
      const result = await gateway.graphql(query, { filter: year, by: 'STAGE', grouped: true });
      expect(result.errors?.[0]?.message).toBe(
        'the funnel cannot be grouped by STAGE; group it by LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION, INDUSTRY, OWNER, TEAM, FIT_GRADE, LIFECYCLE_STAGE',
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_DIMENSION');
    });
  });
}
