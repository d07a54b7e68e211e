import type { Formatters } from '../shared/format.js';
import type { AttributionModel } from './campaign-roi.query.js';

/** The widget's texts beyond shared/format.ts: a signed percentage for ROI ("+150%", "-23%"). */

/** The currency formatters.currency() would use: the attribute, else the data's, else USD. */
export const currencyCode = (...candidates: (string | null | undefined)[]): string =>
  candidates.find((c): c is string => /^[A-Za-z]{3}$/.test(c ?? ''))?.toUpperCase() ?? 'USD';

/** ROI as a signed whole percentage; "—" without spend. */
export const signedPercent = (f: Formatters, value: number | null): string =>
  value === null || !Number.isFinite(value)
    ? f.percent(null)
    : `${value > 0 ? '+' : ''}${f.percent(value, 0)}`;

/** FIRST_TOUCH → "First touch", W_SHAPED → "W-shaped" (the names Marketo Measure uses). */
export const modelName = (model: AttributionModel): string =>
  (model[0] + model.slice(1).toLowerCase()).replace('_shaped', '-shaped').replace('_', ' ');

/** A campaign name cut to `max` characters with an ellipsis. */
export const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
