/**
 * The Dimension enum of the analysts' metrics query (gateway/metrics/breakdown/catalog.ts), how each
 * reads for people, and how many slices a split or grouped widget draws. Widgets cannot import the
 * gateway; test/unit/widgets/dimensions.test.ts holds these lists equal to the catalog's.
 */

/** Every dimension; the first ten are a person's, the ones the funnel groups by (REACHED's). */
export const DIMENSIONS = [
  'LEAD_SOURCE',
  'CHANNEL',
  'CAMPAIGN',
  'SEGMENT',
  'REGION',
  'INDUSTRY',
  'OWNER',
  'TEAM',
  'FIT_GRADE',
  'LIFECYCLE_STAGE',
  'STAGE',
  'LOSS_REASON',
  'DEAL_OWNER',
  'PRODUCT',
];

export const PERSON_DIMENSIONS = DIMENSIONS.slice(0, 10);

/** `lead-source`, `Lead source` and `LEAD_SOURCE` all name LEAD_SOURCE. */
export const enumName = (value: string | null | undefined): string =>
  (value ?? '')
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');

/** Each reads as its words ("Lead source"), but STAGE is the deal's. */
export const dimensionLabel = (dimension: string): string =>
  dimension === 'STAGE'
    ? 'Deal stage'
    : dimension.charAt(0) + dimension.slice(1).toLowerCase().replace(/_/g, ' ');

/**
 * The dimension an attribute names, or null when unset; throws a sentence naming the attribute, its
 * value and the allowed ones, which the widget shows in its error state before any request.
 */
export function dimensionOf(attribute: string, value: string | undefined, allowed: string[]): string | null {
  if (!value?.trim()) return null;
  const dimension = enumName(value);
  if (!allowed.includes(dimension))
    throw new Error(`Unknown ${attribute} "${value}": use one of ${allowed.join(', ')}.`);
  return dimension;
}

export const DEFAULT_TOP = 5;
export const MAX_TOP = 20;

/** A `top` attribute as a whole number of slices, 1–20; anything else is the default 5. */
export function topCount(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(MAX_TOP, n) : DEFAULT_TOP;
}
