/**
 * The lead scoring matrix: people by fit grade × engagement band, and how each cell converts
 * (docs/domain.md "Lead scoring matrix"). raw.ts counts it from scored people (score.ts);
 * rollup.ts keeps it per creation day (the matrix family); this chooses between them
 * (../choose.ts). leads.ts lists the people of the matrix or of one cell.
 */
import { type MetricQuery, type MetricRequest, rollupsFor } from '../choose.js';
import { dayRangeOf } from '../filter.js';
import { matrixInstant } from '../refresh.js';
import { type LeadScoreMatrix, leadScoreMatrix } from './raw.js';
import { matrixFromRollups } from './rollup.js';

export async function readLeadScoreMatrix(
  request: MetricRequest,
  query: MetricQuery,
): Promise<LeadScoreMatrix> {
  const { filter, range, definitions, timeZone, now } = query;
  if (await rollupsFor(request, filter))
    return matrixFromRollups(request.store, definitions.scoring, dayRangeOf(filter));
  return leadScoreMatrix(request.store, {
    filter,
    range,
    scoring: definitions.scoring,
    stages: definitions.stages,
    asOf: matrixInstant(now, timeZone),
  });
}
