/**
 * A GraphQL subscription over server-sent events, the way a browser opens one: POST /graphql with
 * `Accept: text/event-stream` and a bearer token, through `yoga.fetch` (no port). `next()` reads
 * the next `event: next` payload; `completed()` waits for `event: complete`.
 */
import type { TandemYoga } from '../../gateway/server/yoga.js';

export interface Subscription<T> {
  status: number;
  /** The next event's `data` (a GraphQL result), or a rejection after `timeoutMs`. */
  next(
    timeoutMs?: number,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  /** Resolves when the server ends the stream (`event: complete`, or the body ends). */
  completed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface Frame {
  event: string;
  data: string;
}

export async function subscribe<T = Record<string, unknown>>(
  yoga: TandemYoga,
  token: string,
  query: string,
  options: { tenant?: string; variables?: Record<string, unknown> } = {},
): Promise<Subscription<T>> {
  const response = await yoga.fetch('http://tandem.test/graphql', {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(options.tenant ? { 'x-tandem-tenant': options.tenant } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const frames: Frame[] = [];
  const waiting: (() => void)[] = [];
  let ended = false;
  const wake = () => {
    for (const resolve of waiting.splice(0)) resolve();
  };
  // Read the stream in the background into frames; ':' lines are yoga's keep-alive pings.
  const reader = response.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.split('\n').every((line) => line.startsWith(':'))) continue;
          const frame: Frame = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) frame.event = line.slice(6).trim();
            else if (line.startsWith('data:')) frame.data += line.slice(5).trim();
          }
          frames.push(frame);
          wake();
        }
      }
    } catch {
      // cancelled by close()
    }
    ended = true;
    wake();
  })();

  const take = async (timeoutMs: number): Promise<Frame | undefined> => {
    const until = Date.now() + timeoutMs;
    while (frames.length === 0 && !ended) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return frames.shift();
  };

  return {
    status: response.status,
    async next(timeoutMs = 10_000) {
      const frame = await take(timeoutMs);
      if (!frame || frame.event === 'complete') throw new Error('the stream completed before another event');
      return JSON.parse(frame.data);
    },
    async completed(timeoutMs = 10_000) {
      for (;;) {
        const frame = await take(timeoutMs);
        if (!frame || frame.event === 'complete') return;
        throw new Error(`expected the end of the stream, got ${frame.event}: ${frame.data}`);
      }
    },
    async close() {
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** Polls until `condition` holds (a subscription registered, a count reached). */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
