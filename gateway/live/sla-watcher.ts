/**
 * The SLA clock, live: a breach is not a write (nothing happens when sales fails to call), so
 * no change announces it. Every interval the watcher looks, tenant by tenant, for handoffs whose
 * deadline passed since its last look and that the breach rule (domain/sla-breach.ts, in SQL
 * metrics/sla/status.ts) calls open breaches: sales has neither touched them nor sent them back.
 * It announces each as an SlaBreached, plus one MetricsChanged per tenant (open breaches moved).
 * A lead sent back before its deadline is never announced; one answered late was announced when
 * its deadline passed, while it was still an open breach. The deadline was computed at handoff in
 * the tenant's business hours (gateway/ingest/apply-stage.ts), so the watcher only compares
 * instants; "passed" means `deadline_at < now`, as in the SLA metric.
 *
 * With several replicas every watcher finds the same breaches; each claims a breach before
 * announcing it (SET NX on Redis), so subscribers hear it once.
 *
 * A handoff recorded after its deadline (an import of old MQL dates) is history, never announced
 * (domain/sla-breach.ts `isHistory`, in SQL `notHistory` below): otherwise a watcher that had
 * just looked would announce every imported handoff whose deadline fell inside its window.
 */

import { clockRunning, liveSql } from '../metrics/sla/status.js';
import type { RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import { emptyMetricsEvent, listed, type SlaBreachedEvent } from './events.js';
import type { LivePubSub } from './pubsub.js';

export interface SlaWatcherOptions {
  /** How often to look. @default 15_000 (15 s) */
  intervalMs?: number;
  /** How long a replica's claim on a breach holds: longer than any window it could be found in again. @default 24 h */
  claimTtlMs?: number;
}

export interface SlaWatcher {
  /**
   * Announces the breaches whose deadline passed in [the last tick's now, now); the first tick
   * looks one interval back. Returns the breaches this watcher announced. Tests call it directly.
   */
  tick(now?: number): Promise<SlaBreachedEvent[]>;
  /** Ticks every interval until stopped. */
  start(): void;
  /** Stops ticking; resolves when a running tick has finished. */
  stop(): Promise<void>;
}

export function createSlaWatcher(
  database: RevenueDatabase,
  pubsub: LivePubSub,
  options: SlaWatcherOptions = {},
): SlaWatcher {
  const intervalMs = options.intervalMs ?? 15_000;
  const claimTtlMs = options.claimTtlMs ?? 24 * 60 * 60 * 1000;
  if (!(intervalMs > 0))
    throw new Error(`the SLA watcher's interval must be more than 0 ms, got ${intervalMs}`);
  let last: number | undefined;
  let running: Promise<SlaBreachedEvent[]> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const look = async (now: number): Promise<SlaBreachedEvent[]> => {
    const since = last ?? now - intervalMs;
    if (now <= since) return [];
    const announced: SlaBreachedEvent[] = [];
    for (const tenant of await listTenants(database)) {
      announced.push(...(await announceTenant(new TenantStore(database, tenant.id), since, now)));
    }
    // Only after every tenant was looked at: a failed look is tried again, whole, next tick.
    last = now;
    return announced;
  };

  const announceTenant = async (store: TenantStore, since: number, now: number) => {
    const rows = await store.db
      .selectFrom('handoffs')
      .select(['id', 'person_id', 'owner_id', 'handed_off_at', 'deadline_at'])
      .where('deadline_at', '>=', since)
      .where('deadline_at', '<', now)
      .where(clockRunning('handoffs'))
      .where(liveSql('handoffs'))
      .orderBy('deadline_at')
      .orderBy('id')
      .execute();
    const breaches: SlaBreachedEvent[] = [];
    for (const row of rows) {
      if (!(await pubsub.claim(`breach:${store.tenantId}:${row.id}`, claimTtlMs))) continue;
      const breach: SlaBreachedEvent = {
        tenantId: store.tenantId,
        handoffId: row.id,
        personId: row.person_id,
        ownerId: row.owner_id,
        handedOffAt: Number(row.handed_off_at),
        deadlineAt: Number(row.deadline_at),
        detectedAt: now,
      };
      pubsub.publish('breaches', store.tenantId, breach);
      breaches.push(breach);
    }
    if (breaches.length > 0) {
      pubsub.publish('metrics', store.tenantId, {
        ...emptyMetricsEvent(store.tenantId, 'sla-clock', now),
        breaches: listed(breaches.map((b) => b.personId)),
      });
    }
    return breaches;
  };

  const tick = (now = Date.now()): Promise<SlaBreachedEvent[]> => {
    // One look at a time: the next waits for the running one, so windows never overlap.
    const previous = running ?? Promise.resolve([]);
    const next = previous.catch(() => []).then(() => look(now));
    running = next;
    void next
      .finally(() => {
        if (running === next) running = undefined;
      })
      .catch(() => undefined);
    return next;
  };

  return {
    tick,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return; // a slow look (a busy database) is not queued up behind itself
        tick().catch((error: unknown) => console.error('SLA watcher: looking for breaches failed:', error));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
