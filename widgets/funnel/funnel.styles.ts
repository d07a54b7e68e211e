import { css } from 'lit';

export const funnelStyles = css`
  :host {
    --funnel-marketing-color: var(--tandem-color-marketing);
    --funnel-sales-color: var(--tandem-color-sales);
    --funnel-label-color: var(--tandem-color-text);
    --funnel-step-color: var(--tandem-color-muted);
  }
  .legend {
    display: flex;
    align-items: center;
    gap: 6px;
    margin-bottom: 8px;
    font-size: 12px;
    color: var(--tandem-color-muted);
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
  }
  .swatch.sales,
  .note {
    margin-left: 8px;
  }
  .marketing rect,
  .swatch.marketing {
    fill: var(--funnel-marketing-color);
    background: var(--funnel-marketing-color);
  }
  .sales rect,
  .swatch.sales {
    fill: var(--funnel-sales-color);
    background: var(--funnel-sales-color);
  }
  text {
    font-size: 12px;
    font-family: var(--tandem-font);
    fill: var(--funnel-label-color);
  }
  .label {
    font-weight: 600;
  }
  .step,
  .recycled {
    fill: var(--funnel-step-color);
  }
  .stage {
    cursor: pointer;
  }
  .stage:hover rect,
  .stage:focus-visible rect {
    stroke: var(--tandem-color-text);
    stroke-width: 2;
  }
`;
