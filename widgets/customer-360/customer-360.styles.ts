import { css } from 'lit';

export const customer360Styles = css`
  :host {
    --c360-marketing-color: var(--tandem-color-marketing);
    --c360-sales-color: var(--tandem-color-sales);
    --c360-good-color: var(--tandem-color-good);
    --c360-warn-color: var(--tandem-color-warn);
    --c360-bad-color: var(--tandem-color-bad);
    --c360-line-color: var(--tandem-color-border);
  }
  [part~='figure'] {
    overflow-wrap: anywhere; /* emails, URLs and domains wrap instead of widening the widget */
  }
  h2,
  h3,
  h4,
  p,
  dl,
  dd,
  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 1em;
  }
  h2 {
    font-size: 1.3em;
  }
  h3 {
    margin: 16px 0 8px;
  }
  h4,
  dt,
  time,
  text,
  .muted {
    font-size: 12px;
    color: var(--tandem-color-muted);
    fill: var(--tandem-color-muted);
  }
  .off {
    color: var(--tandem-color-muted);
  }
  h4 {
    margin-top: 8px;
  }
  .facts,
  .row,
  .flags,
  .deal,
  .totals {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
  }
  .wide {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 32px;
  }
  .people ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 260px), 1fr));
    gap: 8px;
  }
  .person {
    display: grid;
    gap: 4px;
    height: 100%;
    box-sizing: border-box;
    padding: 8px;
    border: 1px solid var(--c360-line-color);
    border-radius: var(--tandem-radius);
    cursor: pointer;
  }
  .focus {
    border: 2px solid;
  }
  .name,
  .title,
  b {
    font-weight: 600;
  }
  .chip,
  .badge,
  .tag,
  .status {
    padding: 0 6px;
    font-size: 12px;
    white-space: nowrap;
    color: var(--tone);
    border: 1px solid;
    border-radius: 99px;
  }
  .chip,
  .good,
  .warn,
  .bad {
    color: var(--tandem-color-surface);
    background: var(--tone);
  }
  .marketing,
  .touch {
    --tone: var(--c360-marketing-color);
  }
  .sales,
  .open,
  .activity {
    --tone: var(--c360-sales-color);
  }
  .good,
  .won,
  .deal-event {
    --tone: var(--c360-good-color);
  }
  .warn {
    --tone: var(--c360-warn-color);
  }
  .bad,
  .lost {
    --tone: var(--c360-bad-color);
  }
  .deal {
    padding: 4px 0;
    border-bottom: 1px solid var(--c360-line-color);
  }
  .deal b {
    margin-left: auto;
  }
  .entry {
    display: flex;
    gap: 8px;
    padding: 2px 0;
  }
  .marker {
    flex: 0 0 14px;
    text-align: center;
    color: var(--tone);
  }
  rect {
    fill: var(--tandem-color-muted);
  }
  line {
    stroke: var(--c360-line-color);
  }
`;
