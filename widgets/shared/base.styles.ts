import { css } from 'lit';

/** The chrome every data widget shares: state views, export menu, tooltip, focus, hidden table. */
export const baseStyles = css`
  :host {
    display: block;
    position: relative;
    box-sizing: border-box;
    min-width: 0;
    font: var(--tandem-font-size) / 1.4 var(--tandem-font);
    color: var(--tandem-color-text);
    background: var(--tandem-color-surface);
  }
  :host([hidden]) {
    display: none;
  }
  .measure {
    height: 0;
  }
  [part='base'] {
    position: relative;
  }
  .toolbar {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    min-height: 28px;
  }
  .live {
    margin-right: auto;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--tandem-color-muted);
  }
  .live::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--tandem-color-good);
  }
  .reconnecting::before {
    background: var(--tandem-color-warn);
  }
  .state {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: 12px;
    min-height: 160px;
    padding: 16px;
    border: 1px dashed var(--tandem-color-border);
    border-radius: var(--tandem-radius);
    color: var(--tandem-color-muted);
  }
  [part='error'] {
    border-style: solid;
    border-color: var(--tandem-color-bad);
    color: var(--tandem-color-text);
  }
  button,
  summary {
    font: inherit;
    color: var(--tandem-color-text);
    background: var(--tandem-color-surface);
    border: 1px solid var(--tandem-color-border);
    border-radius: var(--tandem-radius);
    padding: 2px 10px;
    cursor: pointer;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--tandem-focus-ring);
  }
  [data-mark]:focus-visible {
    outline: 3px solid var(--tandem-color-text);
    outline-offset: 2px;
    box-shadow: none;
  }
  .spinner {
    width: 16px;
    height: 16px;
    border: 2px solid var(--tandem-color-border);
    border-top-color: var(--tandem-color-text);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .refreshing {
    position: absolute;
    inset: 0 0 auto 0;
    height: 3px;
    background: linear-gradient(90deg, transparent, var(--tandem-color-muted), transparent) 0 0 / 50% 100% no-repeat;
    animation: sweep 1.2s ease-in-out infinite;
  }
  :host([state='refreshing']) figure {
    opacity: 0.6;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @keyframes sweep {
    from {
      background-position: -50% 0;
    }
    to {
      background-position: 150% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner,
    .refreshing {
      animation: none;
    }
  }
  .export-menu {
    position: relative;
  }
  summary {
    list-style: none;
  }
  .export-options {
    position: absolute;
    right: 0;
    z-index: 2;
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 6px;
    background: var(--tandem-color-surface);
    border: 1px solid var(--tandem-color-border);
    border-radius: var(--tandem-radius);
  }
  figure {
    position: relative;
    margin: 0;
  }
  svg {
    display: block;
    max-width: 100%;
    height: auto;
    overflow: visible;
  }
  [part='tooltip'] {
    position: absolute;
    z-index: 1;
    transform: translateY(calc(-100% - 8px));
    translate: -50% 0;
    padding: 4px 8px;
    width: max-content;
    max-width: 240px;
    pointer-events: none;
    color: var(--tandem-color-surface);
    background: var(--tandem-color-text);
    border-radius: var(--tandem-radius);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
