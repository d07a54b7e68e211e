/**
 * What makes a metrics query answerable, checked before any SQL: every measure can be split by
 * every asked dimension (catalog.ts), a time grain only for measures that have periods, CONVERSION
 * names two stages of the ladder, a model only where one applies. Each refusal says what to ask
 * instead.
 */
import type { StageDefinition } from '../../domain/stages.js';
import { defaultModel, invalidDimensions, measureDefinitions } from './catalog.js';
import type { BreakdownAsk, MeasureColumn } from './index.js';

/** A question the metrics query cannot answer; `code` goes to the GraphQL error's extensions. */
export class BreakdownError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export const maxDimensions = 3;
export const maxMeasures = 20;
/** Campaign measures run campaign ROI once per period: a range of at most this many periods. */
export const maxCampaignPeriods = 36;

export function checkAsk(ask: BreakdownAsk, stages: StageDefinition[]): MeasureColumn[] {
  const fail = (message: string, code = 'INVALID_METRICS_QUERY') => {
    throw new BreakdownError(message, code);
  };
  if (ask.measures.length === 0) fail('ask for at least one measure');
  if (ask.measures.length > maxMeasures)
    fail(`${ask.measures.length} measures asked; at most ${maxMeasures} in one query`);
  if (ask.dimensions.length > maxDimensions)
    fail(`${ask.dimensions.length} dimensions asked; at most ${maxDimensions} in one query`);
  const repeated = ask.dimensions.find((d, i) => ask.dimensions.indexOf(d) !== i);
  if (repeated) fail(`dimension ${repeated} is asked twice`);
  if (ask.limit != null && ask.limit < 0) fail(`limit must be 0 or more, got ${ask.limit}`);

  const stageKeys = stages.map((s) => s.key).join(', ');
  const columns = ask.measures.map((measure): MeasureColumn => {
    const definition = measureDefinitions[measure.measure];
    const wrong = invalidDimensions(measure.measure, ask.dimensions);
    if (wrong.length > 0) {
      fail(
        `${measure.measure} cannot be split by ${wrong.join(', ')}; it can be split by ${definition.dimensions.join(', ')}`,
        'INVALID_DIMENSION',
      );
    }
    if (ask.grain && !definition.timeGrain) {
      fail(
        `${measure.measure} is as of now and has no time grain; ask for it without timeGrain`,
        'INVALID_DIMENSION',
      );
    }
    // Spend is kept per month (a month's cost counts in any range that overlaps it): no finer grain.
    if (definition.family === 'campaigns' && (ask.grain === 'DAY' || ask.grain === 'WEEK')) {
      fail(
        `${measure.measure} is kept per month; ask for it by MONTH, QUARTER or YEAR, not ${ask.grain}`,
        'INVALID_DIMENSION',
      );
    }
    const isConversion = measure.measure === 'CONVERSION';
    if (isConversion) {
      for (const [side, key] of [
        ['from', measure.from],
        ['to', measure.to],
      ] as const) {
        if (!key) fail(`CONVERSION needs \`${side}\`: a stage key (stages: ${stageKeys})`);
        if (!stages.some((s) => s.key === key))
          fail(`CONVERSION \`${side}\`: unknown stage '${key}' (stages: ${stageKeys})`);
      }
    } else if (measure.measure === 'REACHED') {
      if (!measure.to) fail(`REACHED needs \`to\`: a stage key (stages: ${stageKeys})`);
      if (!stages.some((s) => s.key === measure.to))
        fail(`REACHED \`to\`: unknown stage '${measure.to}' (stages: ${stageKeys})`);
      if (measure.from) fail('REACHED takes no `from` stage, only `to`');
    } else if (measure.from || measure.to) {
      fail(`${measure.measure} takes no \`from\` or \`to\` stage; only CONVERSION and REACHED do`);
    }
    const takesModel = definition.family === 'campaigns';
    if (measure.model && measure.measure !== 'ATTRIBUTED_REVENUE' && measure.measure !== 'ROI')
      fail(`${measure.measure} takes no attribution \`model\`; only ATTRIBUTED_REVENUE and ROI do`);
    const model = takesModel ? (measure.model ?? defaultModel) : null;
    const name =
      measure.as ??
      (isConversion
        ? `CONVERSION_${measure.from}_${measure.to}`
        : measure.measure === 'REACHED'
          ? `REACHED_${measure.to}`
          : measure.model
            ? `${measure.measure}_${measure.model}`
            : measure.measure);
    return { ...measure, name, model };
  });
  const names = columns.map((c) => c.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) fail(`two measures are named ${twice}; give one another name with \`as\``);
  for (const { by } of ask.order) {
    if (by !== 'PERIOD' && !names.includes(by) && !ask.dimensions.includes(by as never)) {
      fail(`cannot order by ${by}: order by PERIOD, an asked dimension or a measure (${names.join(', ')})`);
    }
  }
  return columns;
}
