/**
 * The two Redis connections live events need across replicas: one publishes (and claims breaches),
 * one subscribes (a connection in subscriber mode can send nothing else). They connect on first
 * use or on `ready()`, which fails with the host and port when Redis cannot be reached, and they
 * reconnect by themselves after an outage (ioredis re-subscribes to every channel).
 */
import { Redis } from 'ioredis';
import { LiveUnavailableError } from './errors.js';

export interface RedisConnections {
  publisher: Redis;
  subscriber: Redis;
  /** host:port, for messages. */
  location: string;
  /** Whether both connections are up right now. */
  readonly connected: boolean;
  /** Connects both, or fails with LiveUnavailableError naming host:port. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** host:port of a Redis URL, for messages (never the password). */
function locationOf(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== 'redis:' && parsed?.protocol !== 'rediss:') {
    const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').slice(0, 80);
    throw new LiveUnavailableError(
      `REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379), got '${shown}'`,
    );
  }
  return `${parsed.hostname}:${parsed.port || 6379}`;
}

/** Waits for a connection already (re)connecting on its own. */
function untilReady(client: Redis): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', ready);
      client.off('end', ended);
      if (error) reject(error);
      else resolve();
    };
    const ready = () => done();
    const ended = () => done(new Error('connection closed'));
    const timer = setTimeout(() => done(new Error('timed out after 5 s')), 5000);
    client.once('ready', ready);
    client.once('end', ended);
  });
}

export function connectRedis(url: string): RedisConnections {
  const location = locationOf(url);
  const open = (role: string) => {
    const client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: 4000,
      // Back off up to 5 s between attempts; never give up: a replica outlives a Redis restart.
      retryStrategy: (times) => Math.min(times * 250, 5000),
    });
    // ioredis reports every failed attempt: say it once per outage, and when it is over. Before
    // the first connection, ready() reports the failure (one line for the CLI), not this.
    let up = false;
    let down = false;
    let lastError = '';
    client.on('error', (error: Error) => {
      lastError = error.message;
      if (up && !down)
        console.error(`live events: Redis ${role} connection to ${location} lost: ${error.message}`);
      down = up;
    });
    client.on('ready', () => {
      if (down) console.error(`live events: Redis ${role} connection to ${location} is back`);
      up = true;
      down = false;
    });
    return { client, lastError: () => lastError };
  };
  const publisher = open('publish');
  const subscriber = open('subscribe');
  const connect = async ({ client, lastError }: ReturnType<typeof open>) => {
    if (client.status === 'ready') return;
    try {
      if (client.status === 'wait' || client.status === 'end') await client.connect();
      else await untilReady(client);
    } catch (error) {
      const reason = lastError() || (error as Error).message;
      throw new LiveUnavailableError(
        `Cannot reach Redis at ${location}: ${reason}. Check REDIS_URL, or unset it to keep live events in this process (one replica).`,
      );
    }
  };
  let readying: Promise<void> | undefined;
  return {
    publisher: publisher.client,
    subscriber: subscriber.client,
    location,
    get connected() {
      return publisher.client.status === 'ready' && subscriber.client.status === 'ready';
    },
    ready() {
      readying ??= Promise.all([connect(publisher), connect(subscriber)]).then(
        () => undefined,
        async (error: unknown) => {
          readying = undefined;
          publisher.client.disconnect();
          subscriber.client.disconnect();
          throw error;
        },
      );
      return readying;
    },
    async close() {
      // quit() waits for the replies to what was sent; a connection that never came up is just dropped.
      await Promise.all(
        [publisher.client, subscriber.client].map((client) =>
          client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
        ),
      );
    },
  };
}
