/**
 * Where `tandem serve` and `tandem start` listen, and that the startup lines say it: serve on every
 * interface unless --host or HOST narrow it (containers, load balancers); the demo on 127.0.0.1
 * only, whatever HOST says, since its pages hand out tokens. 127.0.0.2 is another loopback address
 * on Linux: a listener on every interface answers there, one on 127.0.0.1 does not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/replicas.js';
import { runCli } from './run-cli.js';

const bin = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));

interface Started {
  child: ChildProcess;
  /** The startup lines, up to the one naming where live events go. */
  output: string;
}

/** Runs `tandem <args>` until its startup lines are printed; fails with its output if it exits. */
async function startServer(args: string[], env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, DATABASE_URL: undefined, PORT: undefined, HOST: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no startup lines within 90 s:\n${output}`)), 90_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      if (!/live events/.test(output)) return;
      clearTimeout(timer);
      resolve({ child, output });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output}`)));
  });
}

async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** The status of GET /health on `address`, or the error code when nothing answers there. */
const health = (address: string, port: number) =>
  fetch(`http://${address}:${port}/health`).then(
    (response) => response.status,
    (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed',
  );

describe('the address tandem listens on', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-host-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('serve: every interface by default, the startup line says so', async () => {
    const port = await freePort();
    const served = await startServer(
      ['serve', '--port', String(port), '--database', join(folder, 'a.db')],
      {},
    );
    try {
      expect(served.output).toMatch(
        new RegExp(`listening on  (\\[::\\]|0\\.0\\.0\\.0):${port} \\(every interface`),
      );
      expect(await health('127.0.0.1', port)).toBe(200);
      expect(await health('127.0.0.2', port)).toBe(200);
    } finally {
      await stop(served);
    }
  });

  it.each([
    ['--host', { flag: true }],
    ['HOST', { flag: false }],
  ])('serve: %s 127.0.0.1 keeps it to this machine', async (_how, { flag }) => {
    const port = await freePort();
    const args = ['serve', '--port', String(port), '--database', join(folder, 'b.db')];
    const served = await startServer(flag ? [...args, '--host', '127.0.0.1'] : args, {
      HOST: flag ? undefined : '127.0.0.1',
    });
    try {
      expect(served.output).toContain(`listening on  127.0.0.1:${port}\n`);
      expect(served.output).toContain(`health        http://localhost:${port}/health`);
      expect(await health('127.0.0.1', port)).toBe(200);
      expect(await health('127.0.0.2', port)).toBe('ECONNREFUSED');
    } finally {
      await stop(served);
    }
  });

  it('start (the demo): 127.0.0.1 by default, even with HOST set', async () => {
    const database = join(folder, 'demo.db');
    // A tenant already there: start skips the half-minute demo seed.
    const seeded = await runCli([
      'seed',
      '--people',
      '10',
      '--touches',
      '0',
      '--tenants',
      '1',
      '--no-progress',
      '--database',
      database,
    ]);
    expect(seeded.code).toBe(0);
    const port = await freePort();
    const demo = await startServer(['start', '--port', String(port), '--database', database], {
      HOST: '0.0.0.0',
    });
    try {
      expect(demo.output).toContain(`listening on  127.0.0.1:${port}\n`);
      expect(await health('127.0.0.1', port)).toBe(200);
      expect(await health('127.0.0.2', port)).toBe('ECONNREFUSED');
    } finally {
      await stop(demo);
    }
  });

  it('refuses a host that is not an address, in one line', async () => {
    const result = await runCli(['serve', '--host', 'every interface', '--database', join(folder, 'c.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "tandem: host must be an IP address or a host name (e.g. 127.0.0.1, 0.0.0.0, ::), got 'every interface'",
    );
  });
});
