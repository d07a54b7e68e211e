import { css } from 'lit';

/**
 * The five heat steps are this widget's tokens (sequential blue: pale → deep in light themes, deep →
 * pale in dark ones, so steps 1–3 carry text-colored labels and 4–5 surface-colored ones). Each step
 * sets `--heat`, which one rule paints on cells and legend swatches. Color-only cells (a large grid) are
 * too small for borders: only the MQL outline stays. `.grid` is a large grid's paths (lead-heatmap.grid.ts).
 */
export const leadHeatmapStyles = css`
  :host {
    --tandem-heat-1: #dbeafe;
    --tandem-heat-2: #93c5fd;
    --tandem-heat-3: #60a5fa;
    --tandem-heat-4: #1d4ed8;
    --tandem-heat-5: #1e3a8a;
    --heatmap-empty-color: var(--tandem-color-surface);
    --heatmap-mql-color: var(--tandem-color-marketing);
  }
  :host([theme='dark']) {
    --tandem-heat-1: #172554;
    --tandem-heat-2: #1e3a8a;
    --tandem-heat-3: #1d4ed8;
    --tandem-heat-4: #93c5fd;
    --tandem-heat-5: #dbeafe;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme])) {
      --tandem-heat-1: #172554;
      --tandem-heat-2: #1e3a8a;
      --tandem-heat-3: #1d4ed8;
      --tandem-heat-4: #93c5fd;
      --tandem-heat-5: #dbeafe;
    }
  }
  .level-0 { --heat: var(--heatmap-empty-color); stroke-dasharray: 3 2; }
  .level-1 { --heat: var(--tandem-heat-1); }
  .level-2 { --heat: var(--tandem-heat-2); }
  .level-3 { --heat: var(--tandem-heat-3); }
  .level-4 { --heat: var(--tandem-heat-4); }
  .level-5 { --heat: var(--tandem-heat-5); }
  rect { fill: var(--heat); stroke: var(--tandem-color-border); }
  rect.cell { stroke: none; }
  .mql { stroke: var(--heatmap-mql-color); stroke-width: 3; stroke-dasharray: none; }
  rect.cell.mql { stroke: var(--heatmap-mql-color); stroke-width: 1; }
  .cell:hover rect, rect.cell:hover, [aria-expanded='true'] rect, rect[aria-expanded='true'] {
    stroke: var(--tandem-color-text);
    stroke-width: 3;
  }
  .cell, .hit { cursor: pointer; }
  .grid path { fill: var(--heat); }
  .grid .mql-outline { fill: none; stroke: var(--heatmap-mql-color); stroke-width: 1; }
  .grid .hit { fill: transparent; stroke: none; }
  .grid .hover, .grid .expanded, .grid .active { fill: none; stroke: none; pointer-events: none; }
  .grid .hover, .grid .expanded { stroke: var(--tandem-color-text); stroke-width: 2; }
  text { font: 12px var(--tandem-font); fill: var(--tandem-color-text); text-anchor: middle; }
  .axis, .level-0 text { fill: var(--tandem-color-muted); }
  .level-4 text, .level-5 text { fill: var(--tandem-color-surface); }
  .title { text-anchor: start; }
  .row-label { text-anchor: end; font-weight: 600; }
  .count { font-size: 13px; font-weight: 700; }
  .rate { font-size: 11px; }
  .legend, .muted { font-size: 12px; color: var(--tandem-color-muted); }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 10px; margin-bottom: 8px; }
  i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; background: var(--heat); border: 1px solid var(--tandem-color-border); box-sizing: border-box; }
  i.mql { background: none; border: 3px solid var(--heatmap-mql-color); }
  section { margin-top: 12px; padding: 8px 12px; border: 1px solid var(--tandem-color-border); border-radius: var(--tandem-radius); }
  .head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px; }
  h3 { margin: 0 auto 0 0; font-size: 14px; }
  ul { list-style: none; margin: 8px 0; padding: 0; }
  li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 8px; padding: 4px 0; border-top: 1px solid var(--tandem-color-border); overflow-wrap: anywhere; }
  li b + span { grid-column: 2; grid-row: 1; }
  section [role='alert'] { color: var(--tandem-color-bad); }
`;
