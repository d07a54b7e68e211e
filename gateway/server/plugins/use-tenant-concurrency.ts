/**
 * At most `running` operations of one tenant execute at once; the next `waiting` wait their turn,
 * first come first served, and beyond those the gateway answers 429 with Retry-After. One
 * tenant's analysts (or a page busting the cache) can then hold a share of the database, never all
 * of it: another tenant's request finds a free place. Only work reaches it: answers served from the
 * response cache never wait (the plugin goes before the cache's lookup, which replaces the
 * execution on a hit), and subscriptions stream. On SQLite the operation's reads also queue in
 * the tenant's lane at the reader threads (store/lanes.ts). Per process, like the
 * rate limit.
 *
 * graphql-yoga and envelop ship rate limiters (requests per window) but nothing that bounds work
 * in flight; this is the few lines that do.
 */
import { getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context } from '../../../schema/builder.js';
import { readLane } from '../../store/lanes.js';

export interface TenantConcurrencyOptions {
  /** Operations of one tenant executing at once. @default 4 */
  running?: number;
  /** Operations of one tenant waiting for a place; more get 429. @default 128 */
  waiting?: number;
}

interface Turns {
  running: number;
  queue: (() => void)[];
}

/** The places of each tenant; tests read `running` and `waiting` to know where a request is. */
export class TenantConcurrency {
  readonly maxRunning: number;
  readonly maxWaiting: number;
  readonly #tenants = new Map<string, Turns>();

  constructor(options: TenantConcurrencyOptions = {}) {
    this.maxRunning = options.running ?? 4;
    this.maxWaiting = options.waiting ?? 128;
  }

  running(tenantId: string): number {
    return this.#tenants.get(tenantId)?.running ?? 0;
  }

  waiting(tenantId: string): number {
    return this.#tenants.get(tenantId)?.queue.length ?? 0;
  }

  /** Resolves with a release function once the tenant has a place; false when the queue is full. */
  acquire(tenantId: string): Promise<(() => void) | false> {
    const held = this.#tenants.get(tenantId) ?? { running: 0, queue: [] };
    this.#tenants.set(tenantId, held);
    const release = () => {
      const next = held.queue.shift();
      if (next) return next(); // the place passes on
      held.running--;
      if (held.running === 0) this.#tenants.delete(tenantId);
    };
    if (held.running < this.maxRunning) {
      held.running++;
      return Promise.resolve(release);
    }
    if (held.queue.length >= this.maxWaiting) return Promise.resolve(false);
    return new Promise((resolve) => held.queue.push(() => resolve(release)));
  }
}

export function useTenantConcurrency(options: { limiter: TenantConcurrency }): Plugin<Context> {
  const { limiter } = options;
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (getOperationAST(args.document, args.operationName)?.operation === 'subscription') return;
      const tenantId = (args.contextValue as Context).tenant.id;
      setExecuteFn(async (execution) => {
        const release = await limiter.acquire(tenantId);
        if (!release) return { errors: [busy(tenantId, limiter)] };
        try {
          return await readLane.run(tenantId, () => executeFn(execution));
        } finally {
          release();
        }
      });
    },
  };
}

function busy(tenantId: string, limiter: TenantConcurrency) {
  return createGraphQLError(
    `tenant '${tenantId}' has ${limiter.maxRunning} operations running and ${limiter.maxWaiting} waiting: retry in 1 s`,
    {
      extensions: { code: 'TENANT_BUSY', http: { status: 429, headers: { 'retry-after': '1' } } },
    },
  );
}
