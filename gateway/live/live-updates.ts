/**
 * What a serving gateway runs for live updates: the bridge from committed writes to events and
 * the SLA watcher. The pub/sub itself is the caller's (createGateway makes one unless given one).
 */
import type { RevenueDatabase } from '../store/database.js';
import { startLiveBridge } from './bridge.js';
import type { LivePubSub } from './pubsub.js';
import { createSlaWatcher, type SlaWatcher, type SlaWatcherOptions } from './sla-watcher.js';

export interface LiveUpdates {
  watcher: SlaWatcher;
  /** Stops the bridge and the watcher (a running look at the clock finishes first). */
  stop(): Promise<void>;
}

export function startLiveUpdates(
  database: RevenueDatabase,
  pubsub: LivePubSub,
  options: SlaWatcherOptions = {},
): LiveUpdates {
  const stopBridge = startLiveBridge(database, pubsub);
  const watcher = createSlaWatcher(database, pubsub, options);
  watcher.start();
  return {
    watcher,
    async stop() {
      stopBridge();
      await watcher.stop();
    },
  };
}
