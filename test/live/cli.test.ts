/**
 * `tandem serve` and REDIS_URL, run as a user would: the help says what REDIS_URL does, and a
 * Redis that cannot be reached (or a URL that is not Redis's) stops the start with one line
 * naming where, before the port is taken.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { freePort } from '../support/replicas.js';

const folder = mkdtempSync(join(tmpdir(), 'tandem-live-cli-'));

describe('tandem serve with REDIS_URL', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('says in its help what REDIS_URL is for', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('REDIS_URL');
    expect(result.stdout).toContain('docs/live.md');
  });

  it('stops with one line naming the host and port of an unreachable Redis', async () => {
    const port = await freePort();
    const result = await runCli(['serve', '--port', '0', '--database', join(folder, 'a.db')], {
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `tandem: Cannot reach Redis at 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}. Check REDIS_URL, or unset it to keep live events in this process (one replica).`,
    );
  });

  it('refuses a URL that is not a Redis URL, without echoing its password', async () => {
    const result = await runCli(['serve', '--port', '0', '--database', join(folder, 'b.db')], {
      REDIS_URL: 'https://admin:s3cret@cache.example:6379',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "tandem: REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://127.0.0.1:6379), got 'https://admin:***@cache.example:6379'",
    );
  });
});
