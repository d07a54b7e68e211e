/**
 * Every HTTP request, once finished: counted for /metrics by route and status, and logged as one
 * line: method, path (without the query string: it may carry a tenant's parameters), status, ms,
 * tenant and operation (GraphQL), the response cache's outcome, and the request id. The id is the
 * load balancer's `x-request-id` when it sends a sane one, else a new UUID; it is echoed in the
 * response's `x-request-id`, so a user's report can be found in the logs.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPagePath } from '../pages.js';
import { cacheHeader } from '../plugins/use-tenant-response-cache.js';
import type { GatewayLog } from './log.js';
import type { GatewayMetrics } from './metrics.js';
import { factsOf, recordFacts } from './request-facts.js';

const fixedRoutes = new Set([
  '/graphql',
  '/health',
  '/ready',
  '/metrics',
  '/ingest/events',
  '/ingest/hubspot',
  '/demo/token',
  '/schema.graphql',
  '/',
]);

/** A bounded route label: paths with ids or file names in them are grouped. */
export function routeOf(path: string): string {
  if (path.startsWith('/graphql/')) return '/graphql';
  if (fixedRoutes.has(path)) return path;
  if (path.startsWith('/widgets/')) return '/widgets/*';
  if (path.startsWith('/graphiql/')) return '/graphiql/*';
  if (path.startsWith('/embed/')) return '/embed/*';
  if (path.startsWith('/crm')) return '/crm/*';
  if (isPagePath(path, true)) return path; // /configure (a demo page: its label, in any mode)
  return 'other';
}

function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

export function observeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: GatewayMetrics,
  log: GatewayLog,
): void {
  const requestId = requestIdOf(req);
  const startedAt = performance.now();
  recordFacts(req, { requestId, startedAt });
  res.setHeader('x-request-id', requestId);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    // A client that went away before an answer was sent is logged as 499, as nginx does.
    const status = res.headersSent ? res.statusCode : 499;
    metrics.httpRequest({ method, route: routeOf(path), status });
    const facts = factsOf(req);
    const cache = res.getHeader(cacheHeader);
    log.request({
      requestId,
      method,
      path: path.slice(0, 200),
      status,
      ms: Math.round(performance.now() - startedAt),
      ...(facts?.tenant && { tenant: facts.tenant }),
      ...(facts?.operation && { operation: facts.operation }),
      ...(typeof cache === 'string' && { cache }),
    });
  };
  res.once('finish', finish);
  res.once('close', finish);
}
