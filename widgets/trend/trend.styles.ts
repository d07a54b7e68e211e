import { css } from 'lit';

export const trendStyles = css`
  :host {
    --trend-color-1: var(--tandem-color-marketing);
    --trend-color-2: var(--tandem-color-sales);
    --trend-color-3: var(--tandem-color-good);
    --trend-color-4: var(--tandem-color-warn);
    --trend-color-5: var(--tandem-color-bad);
    --trend-other-color: var(--tandem-color-muted);
    --trend-axis-color: var(--tandem-color-muted);
    --trend-grid-color: var(--tandem-color-track);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    margin-bottom: 8px;
    font-size: 12px;
    color: var(--tandem-color-text);
  }
  .legend .note {
    color: var(--tandem-color-muted);
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    margin-right: 4px;
    border-radius: 2px;
    background: currentColor;
  }
  .s0 { color: var(--trend-color-1); }
  .s1 { color: var(--trend-color-2); }
  .s2 { color: var(--trend-color-3); }
  .s3 { color: var(--trend-color-4); }
  .s4 { color: var(--trend-color-5); }
  .other { color: var(--trend-other-color); }
  .legend-item {
    color: var(--tandem-color-text);
  }
  .line {
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
  }
  .mark circle,
  .mark rect {
    fill: currentColor;
  }
  .mark {
    cursor: pointer;
  }
  .mark:hover circle,
  .mark:focus-visible circle,
  .mark:hover rect,
  .mark:focus-visible rect {
    stroke: var(--tandem-color-text);
    stroke-width: 2;
  }
  .grid {
    stroke: var(--trend-grid-color);
  }
  .baseline {
    stroke: var(--trend-axis-color);
  }
  text {
    font-size: 11px;
    font-family: var(--tandem-font);
    fill: var(--trend-axis-color);
  }
`;
