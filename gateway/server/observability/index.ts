/**
 * Operating a gateway: /ready (readiness.ts), /metrics (metrics.ts), one log line per request
 * (request-log.ts, log.ts) and the GraphQL operations' counts and timings
 * (use-operation-observability.ts), put together for app.ts. docs/deployment.md is the
 * operator's side of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { RevenueDatabase } from '../../store/database.js';
import type { ResponseCache } from '../cache.js';
import { createGatewayLog, type GatewayLog, logSettings } from './log.js';
import { createGatewayMetrics, type GatewayMetrics, handleMetrics } from './metrics.js';
import { databaseChecks, handleReady, type ReadinessCheck } from './readiness.js';
import { observeRequest } from './request-log.js';
import { useOperationObservability } from './use-operation-observability.js';

export type { GatewayLog } from './log.js';
export type { ReadinessCheck } from './readiness.js';

export interface ObservabilityOptions {
  database: RevenueDatabase;
  cache?: ResponseCache;
  /** Live subscriptions open now, for the `tandem_live_subscribers` gauge. */
  liveSubscribers?: () => number;
  /** More readiness checks (e.g. the live subscriptions' Redis), by name. */
  readiness?: Record<string, ReadinessCheck>;
  /** @default from LOG_FORMAT and LOG_LEVEL */
  log?: GatewayLog;
  /** Where METRICS_TOKEN, LOG_FORMAT and LOG_LEVEL are read. @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface Observability {
  log: GatewayLog;
  metrics: GatewayMetrics;
  /** The yoga plugin that counts and times operations. */
  plugin: Plugin;
  /** Call first for every HTTP request: counts and logs it when its response is done. */
  observe(req: IncomingMessage, res: ServerResponse): void;
  ready(res: ServerResponse): Promise<void>;
  serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export function createObservability(options: ObservabilityOptions): Observability {
  const env = options.env ?? process.env;
  const log = options.log ?? createGatewayLog(logSettings(env));
  const metrics = createGatewayMetrics(options);
  const checks: Record<string, ReadinessCheck> = {
    ...databaseChecks(options.database),
    ...(options.cache?.kind === 'redis' && { redis: () => options.cache!.ping() }),
    ...options.readiness,
  };
  const token = env.METRICS_TOKEN?.trim() || undefined;
  return {
    log,
    metrics,
    // biome-ignore lint/correctness/useHookAtTopLevel: yoga plugin factories (useX), not React hooks.
    plugin: useOperationObservability(metrics),
    observe: (req, res) => observeRequest(req, res, metrics, log),
    ready: (res) => handleReady(res, checks),
    serveMetrics: (req, res) => handleMetrics(req, res, metrics, token),
  };
}
