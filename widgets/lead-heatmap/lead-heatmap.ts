import { defineElement } from '../shared/define.js';
import { TandemLeadHeatmap } from './lead-heatmap.component.js';

export { type CellText, cellTexts, renderCells } from './lead-heatmap.cells.js';
export type { LeadHeatmapCellSelectDetail } from './lead-heatmap.component.js';
export { TandemLeadHeatmap } from './lead-heatmap.component.js';
export {
  axesOf,
  type HeatCellShape,
  type HeatmapAxes,
  type HeatmapLayout,
  layoutHeatmap,
} from './lead-heatmap.layout.js';
export type {
  FitGrade,
  Lead,
  LeadConnection,
  LeadScoreCell,
  LeadScoreMatrix,
  MqlThreshold,
  TandemLeadScoreMatrixResult,
  TandemLeadsResult,
} from './lead-heatmap.query.js';

defineElement('tandem-lead-heatmap', TandemLeadHeatmap);

declare global {
  interface HTMLElementTagNameMap {
    'tandem-lead-heatmap': TandemLeadHeatmap;
  }
}
