import { css } from 'lit';

export const campaignRoiStyles = css`
  :host {
    --roi-spend-color: var(--tandem-color-muted);
    --roi-revenue-color: var(--tandem-color-marketing);
    --roi-gain-color: var(--tandem-color-good);
    --roi-loss-color: var(--tandem-color-bad);
    --roi-unattributed-color: var(--tandem-color-track);
  }
  .controls { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 6px 16px; margin-bottom: 8px; }
  select { font: inherit; }
  .legend, .values text, .unattributed text, .neutral, [part~='totals'] { font-size: 12px; fill: var(--tandem-color-muted); color: var(--tandem-color-muted); }
  i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 8px; border-radius: 2px; }
  .spend { fill: var(--roi-spend-color); background: var(--roi-spend-color); }
  .revenue { fill: var(--roi-revenue-color); background: var(--roi-revenue-color); }
  text { font: 12px var(--tandem-font); fill: var(--tandem-color-text); }
  .name { font-weight: 600; }
  .roi { text-anchor: end; font-weight: 700; }
  .gain { fill: var(--roi-gain-color); }
  .loss { fill: var(--roi-loss-color); }
  .values text { font-size: 11px; }
  .unattributed rect { fill: var(--roi-unattributed-color); stroke: var(--tandem-color-muted); stroke-dasharray: 3 2; }
  .campaign { cursor: pointer; }
  .campaign:hover .bar, .campaign:focus-visible .bar { stroke: var(--tandem-color-text); stroke-width: 2; }
`;
