import { css } from 'lit';

export const slaGaugeStyles = css`
  :host {
    --sla-good-color: var(--tandem-color-good);
    --sla-warn-color: var(--tandem-color-warn);
    --sla-bad-color: var(--tandem-color-bad);
    --sla-track-color: var(--tandem-color-track);
    --sla-marketing-color: var(--tandem-color-marketing);
  }
  text {
    font-family: var(--tandem-font);
    font-size: 12px;
    fill: var(--tandem-color-text);
  }
  [part~='gauge'] text,
  .breaches {
    text-anchor: middle;
  }
  .rate {
    font-size: 28px;
    font-weight: 700;
  }
  .caption,
  .detail,
  .breaches {
    fill: var(--tandem-color-muted);
  }
  .breaches.open {
    fill: var(--sla-bad-color);
    font-weight: 600;
  }
  .title {
    font-weight: 600;
  }
  .track {
    fill: var(--sla-track-color);
  }
  .good {
    fill: var(--sla-good-color);
  }
  .warn {
    fill: var(--sla-warn-color);
  }
  .bad {
    fill: var(--sla-bad-color);
  }
  .attainment {
    fill: var(--sla-marketing-color);
  }
  .target {
    stroke: var(--tandem-color-text);
    stroke-width: 2;
  }
  [data-mark] {
    outline: none;
  }
  [data-mark]:focus-visible .track {
    stroke: var(--tandem-color-text);
    stroke-width: 2;
  }
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(120px, 1fr));
    gap: 8px 16px;
    margin: 12px 0 0;
  }
  .stats dt {
    font-size: 12px;
    color: var(--tandem-color-muted);
  }
  .stats dd {
    margin: 0;
    font-weight: 600;
  }
`;
