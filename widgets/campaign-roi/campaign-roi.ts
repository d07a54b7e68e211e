import { defineElement } from '../shared/define.js';
import { TandemCampaignRoi } from './campaign-roi.component.js';

export type { AttributionModelChangeDetail, CampaignSelectDetail } from './campaign-roi.component.js';
export { TandemCampaignRoi } from './campaign-roi.component.js';
export { type CampaignShape, layoutCampaignRoi, type RoiLayout } from './campaign-roi.layout.js';
export {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  type CampaignRoi,
  type CampaignRoiRow,
  type CampaignRoiTotals,
  type TandemCampaignRoiResult,
} from './campaign-roi.query.js';

defineElement('tandem-campaign-roi', TandemCampaignRoi);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-campaign-roi': TandemCampaignRoi;
  }
}
