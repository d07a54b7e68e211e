import { defineElement } from '../shared/define.js';
import { TandemFunnel } from './funnel.component.js';

export type { FunnelStageSelectDetail } from './funnel.component.js';
export { TandemFunnel } from './funnel.component.js';
export type { Funnel, FunnelGroup, FunnelStage, TandemFunnelResult } from './funnel.query.js';

defineElement('tandem-funnel', TandemFunnel);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-funnel': TandemFunnel;
  }
}
