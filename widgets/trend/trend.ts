import { defineElement } from '../shared/define.js';
import { TandemTrend } from './trend.component.js';

export type { TrendPointSelectDetail } from './trend.component.js';
export { TandemTrend } from './trend.component.js';
export type { TandemTrendResult, TrendRow, TrendTable } from './trend.query.js';

defineElement('tandem-trend', TandemTrend);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-trend': TandemTrend;
  }
}
