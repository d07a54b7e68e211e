/**
 * Counts and times GraphQL operations for /metrics, and tells the request log which tenant and
 * operation a request was. Timed from the parameters read (after the token is checked) to the
 * answer ready, so a cache hit counts as the fast answer it is. A subscription is counted when it
 * starts and not timed: it lasts as long as its client stays.
 */
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { principalOf } from '../../auth/principal.js';
import type { GatewayMetrics } from './metrics.js';
import { type OperationLabel, operationOf } from './operation-name.js';
import { factsOf } from './request-facts.js';

export function useOperationObservability(metrics: GatewayMetrics): Plugin {
  const started = new WeakMap<Request, { at: number; label: OperationLabel }>();
  return {
    onParams({ request, params, context }) {
      const label = operationOf(params);
      started.set(request, { at: performance.now(), label });
      // yoga's server context carries the Node request when served over HTTP (not with yoga.fetch).
      const facts = factsOf((context as { req?: IncomingMessage }).req);
      if (facts) {
        facts.tenant = principalOf(request)?.claims.tenant;
        facts.operation = label.name;
        if (label.type !== 'unknown') facts.operationType = label.type;
      }
    },
    onExecutionResult({ request, result }) {
      const start = started.get(request);
      if (!start) return;
      started.delete(request);
      const streaming = !!result && typeof result === 'object' && Symbol.asyncIterator in result;
      const seconds = streaming ? undefined : (performance.now() - start.at) / 1000;
      metrics.operation({ operation: start.label.name, type: start.label.type }, seconds);
    },
  };
}
