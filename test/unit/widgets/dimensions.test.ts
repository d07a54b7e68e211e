import { describe, expect, it } from 'vitest';
import { dimensions, measureDefinitions } from '../../../gateway/metrics/breakdown/catalog.js';
import { DIMENSIONS, dimensionOf, PERSON_DIMENSIONS } from '../../../widgets/shared/dimensions.js';

/** The widgets' copy of the catalog's names (a widget cannot import the gateway). */
describe('widgets/shared/dimensions.ts', () => {
  it('lists the Dimension enum, and as a person’s the ones REACHED (the grouped funnel) takes', () => {
    expect(DIMENSIONS).toEqual([...dimensions]);
    expect(PERSON_DIMENSIONS).toEqual(measureDefinitions.REACHED.dimensions);
  });

  it('reads a dimension written any way, and refuses another naming the attribute and the allowed', () => {
    expect(dimensionOf('group-by', ' lead-source ', PERSON_DIMENSIONS)).toBe('LEAD_SOURCE');
    expect(dimensionOf('group-by', 'Fit grade', PERSON_DIMENSIONS)).toBe('FIT_GRADE');
    expect(dimensionOf('group-by', '', PERSON_DIMENSIONS)).toBeNull();
    expect(() => dimensionOf('group-by', 'stage', PERSON_DIMENSIONS)).toThrow(
      'Unknown group-by "stage": use one of LEAD_SOURCE, CHANNEL, CAMPAIGN, SEGMENT, REGION, INDUSTRY, OWNER, TEAM, FIT_GRADE, LIFECYCLE_STAGE.',
    );
  });
});
