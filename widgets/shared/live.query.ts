import type { Operation } from './tandem-element.js';

/**
 * The subscription a widget with the `live` attribute opens (live-stream.ts): any change to what
 * the metrics are computed from, as far as the token may see. The widget refetches its own query
 * on it, so the event itself needs no more than its time. Every widget's viewer token may run it.
 */
export const liveOperation: Operation = {
  operationName: 'TandemLive',
  query: /* GraphQL */ `
    subscription TandemLive {
      metricsChanged { at }
    }
  `,
};
