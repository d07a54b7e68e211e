import { css } from 'lit';

/** Dark values, written once: for theme="dark" and for an unset theme in a dark OS. */
const darkTokens = css`
  --tandem-color-marketing: #c4b5fd;
  --tandem-color-sales: #7dd3fc;
  --tandem-color-good: #4ade80;
  --tandem-color-warn: #fbbf24;
  --tandem-color-bad: #f87171;
  --tandem-color-surface: #111827;
  --tandem-color-track: #374151;
  --tandem-color-text: #f9fafb;
  --tandem-color-muted: #d1d5db;
  --tandem-color-border: #4b5563;
  --tandem-focus-ring: 0 0 0 3px #93c5fd;
  color-scheme: dark;
`;

/**
 * The --tandem-* design tokens, declared on :host so every widget works alone on any page.
 * Pages override them on the element (`tandem-funnel { --tandem-color-marketing: teal }`), which
 * wins over :host rules; widget styles only ever read them through their own short properties.
 */
export const tokenStyles = css`
  :host {
    --tandem-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --tandem-font-size: 14px;
    --tandem-color-marketing: #6d28d9;
    --tandem-color-sales: #0369a1;
    --tandem-color-good: #15803d;
    --tandem-color-warn: #b45309;
    --tandem-color-bad: #b91c1c;
    --tandem-color-surface: #ffffff;
    --tandem-color-track: #e5e7eb;
    --tandem-color-text: #111827;
    --tandem-color-muted: #4b5563;
    --tandem-color-border: #d1d5db;
    --tandem-radius: 6px;
    --tandem-focus-ring: 0 0 0 3px #2563eb;
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${darkTokens}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme])) {
      ${darkTokens}
    }
  }
`;
