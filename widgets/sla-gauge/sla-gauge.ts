import { defineElement } from '../shared/define.js';
import { TandemSlaGauge } from './sla-gauge.component.js';

export { TandemSlaGauge } from './sla-gauge.component.js';
export type { MarketingSla, SalesSla, Sla, SlaPolicy, TandemSlaResult } from './sla-gauge.query.js';

defineElement('tandem-sla-gauge', TandemSlaGauge);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-sla-gauge': TandemSlaGauge;
  }
}
