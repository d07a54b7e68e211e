/**
 * A gateway served over HTTP on 127.0.0.1 by a child process (gateway-process.ts), the way
 * `tandem serve` runs: the benchmark reaches it only through the network stack, and the memory
 * figures are the gateway's alone, not the benchmark's.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { benchSecurity } from './fixtures.js';
import type { GatewayMessage, GatewayStats } from './gateway-process.js';
import type { Variant } from './variants.js';

const entry = fileURLToPath(new URL('./gateway-process.ts', import.meta.url));

export interface ServedGateway {
  /** The /graphql endpoint. */
  endpoint: string;
  /** An analyst's `Authorization` header for it. */
  authorization: string;
  stats(): Promise<GatewayStats>;
  stop(): Promise<void>;
}

export async function serveGateway(databaseUrl: string, variant: Variant): Promise<ServedGateway> {
  const { secret, token } = benchSecurity();
  const child = fork(entry, [databaseUrl, variant.id], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_TOKEN_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await listening(child, variant);
  const stats = async () => {
    const reply = next(child, 'stats');
    child.send({ type: 'stats' });
    const { type: _, ...figures } = (await reply) as Extract<GatewayMessage, { type: 'stats' }>;
    return figures;
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    // A load round stopped at its time limit may have left requests running: no graceful close.
    child.kill('SIGKILL');
    await exited;
  };
  return {
    endpoint: `http://127.0.0.1:${port}/graphql`,
    authorization: `Bearer ${await token('analyst')}`,
    stats,
    stop,
  };
}

function listening(child: ChildProcess, variant: Variant): Promise<number> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the ${variant.label} gateway exited (code ${code}) before it listened`));
    child.once('exit', exited);
    void next(child, 'listening').then((message) => {
      child.off('exit', exited);
      resolve((message as Extract<GatewayMessage, { type: 'listening' }>).port);
    });
  });
}

function next(child: ChildProcess, type: GatewayMessage['type']): Promise<GatewayMessage> {
  return new Promise((resolve) => {
    const listener = (message: GatewayMessage) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
  });
}
