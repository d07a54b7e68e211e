/**
 * Gateways as a deployment runs them, for the replica tests: real `tandem serve` processes on free
 * ports (spawnReplica), a server of this process on a port (listen), and a Server-Sent Events
 * client that reads a subscription the way the widgets do (subscribe). Every process spawned is
 * killed when the test process exits, whatever happened to the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port. */
export async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Replica {
  name: string;
  url: string;
  port: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its stdout lines that are JSON (the request log with LOG_FORMAT=json). */
  logLines(): Record<string, unknown>[];
  /** Kills it (SIGKILL: no goodbye, as when a machine dies) and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `node bin/tandem.mjs serve --port <port>` with `env`, ready when /ready answers 200. Fails with
 * the replica's own output when it exits or is not ready in time.
 */
export async function spawnReplica(name: string, port: number, env: NodeJS.ProcessEnv): Promise<Replica> {
  const child = spawn(process.execPath, [`${root}bin/tandem.mjs`, 'serve', '--port', String(port)], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const url = `http://127.0.0.1:${port}`;
  const replica: Replica = {
    name,
    url,
    port,
    output: () => output,
    logLines: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica ${name} exited (${child.exitCode}):\n${output}`);
    const status = await fetch(`${url}/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return replica;
    if (Date.now() > until) {
      await replica.kill();
      throw new Error(`replica ${name} was not ready within 60 s (last /ready: ${status}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface Subscription<T> {
  /** Every event received so far, in order. */
  events: T[];
  /** Resolves with the next event after those already seen (`seen` = events.length when called). */
  next(seen?: number): Promise<T>;
  /** Resolves when the stream ends, for whatever reason (the server went away, complete). */
  ended: Promise<void>;
  close(): void;
}

/**
 * A GraphQL subscription over Server-Sent Events (POST, `Accept: text/event-stream`), as yoga
 * serves it; resolves once the response has started (the subscription is registered right after).
 */
export async function subscribe<T>(url: string, token: string, query: string): Promise<Subscription<T>> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query }),
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`subscription refused: ${response.status} ${await response.text()}`);
  }
  const events: T[] = [];
  const waiting = new Set<() => void>();
  let done = false;
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (!/^event: ?next$/m.test(message) || !data) continue;
          events.push(JSON.parse(data) as T);
          for (const wake of waiting) wake();
        }
      }
    } catch {
      // the connection broke (the replica died) or was closed: the stream has ended either way
    }
    done = true;
    for (const wake of waiting) wake();
  })();
  return {
    events,
    ended,
    next(seen = events.length) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          if (events.length > seen) {
            waiting.delete(check);
            resolve(events[seen]);
          } else if (done) {
            waiting.delete(check);
            reject(new Error('the subscription ended before the event came'));
          }
        };
        waiting.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
