/**
 * Mistakes at the command line get one clear line and a non-zero exit, and lose nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMigration } from '../../gateway/store/migrate.js';
import { runCli } from './run-cli.js';

describe('tandem command errors', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('explains itself with --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['start', 'serve', 'seed', 'migrate', 'schema'])
      expect(result.stdout).toContain(command);
    const seedHelp = await runCli(['seed', '--help']);
    expect(seedHelp.stdout).toContain('--touches');
    expect(seedHelp.stdout).toContain('Examples:');
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const result = await runCli(['serve', '--colour', 'red']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--colour'");
  });

  it('rejects a bad number with the value it got', async () => {
    const result = await runCli(['seed', '--people', 'lots', '--database', join(folder, 'x.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "tandem: --people must be a whole number from 10 to 10000000, got 'lots'",
    );
  });

  it('names host and port of an unreachable PostgreSQL within 5 seconds', async () => {
    const result = await runCli(['migrate'], { DATABASE_URL: 'postgres://tandem@127.0.0.1:1/tandem' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tandem: Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(database tandem\)/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.ms).toBeLessThan(5_000);
  });

  it('refuses a database URL of another scheme in one line, creating nothing', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tandem-cli-scheme-'));
    try {
      for (const [url, scheme] of [
        ['mysql://tandem@127.0.0.1:3306/tandem', 'mysql:'],
        ['postgress://tandem@127.0.0.1/tandem', 'postgress:'],
      ]) {
        const result = await runCli(['migrate'], { DATABASE_URL: url }, 60_000, cwd);
        expect(result.code).toBe(2);
        expect(result.stderr.trim()).toBe(
          `tandem: DATABASE_URL: unsupported scheme "${scheme}"; use postgres://… or a SQLite file path`,
        );
      }
      const flag = await runCli(['serve', '--database', 'sqlite://data/tandem.db'], {}, 60_000, cwd);
      expect(flag.code).toBe(2);
      expect(flag.stderr.trim()).toBe(
        'tandem: --database: unsupported scheme "sqlite:"; use postgres://… or a SQLite file path',
      );
      // No `mysql:` folder, no empty database served from it.
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('leaves a corrupt SQLite file untouched and says what to do', async () => {
    const file = join(folder, 'corrupt.db');
    writeFileSync(file, 'this is not a database, but somebody may want it back'.repeat(200));
    const before = createHash('sha1').update(readFileSync(file)).digest('hex');
    const result = await runCli(['migrate', '--database', file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/corrupt or not a database: move it away/);
    expect(createHash('sha1').update(readFileSync(file)).digest('hex')).toBe(before);
  });

  it('reports a locked SQLite file', async () => {
    const file = join(folder, 'locked.db');
    expect((await runCli(['migrate', '--database', file])).code).toBe(0);
    const holder = new SQLite(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const result = await runCli(['migrate', '--database', file]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(/is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('says so when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await runCli(['serve', '--port', String(port), '--database', join(folder, 'serve.db')]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe(
        `tandem: port ${port} is in use: stop the other process, or pass --port (or set PORT) to use another`,
      );
    } finally {
      blocker.close();
    }
  });

  it('migrates idempotently', async () => {
    const file = join(folder, 'twice.db');
    const first = await runCli(['migrate', '--database', file]);
    expect(first.stdout).toContain(
      'applied 0001_revenue_model, 0002_rollups, 0003_packed_distributions, 0004_write_constraints, 0005_calendar_days',
    );
    const second = await runCli(['migrate', '--database', file]);
    expect(second.code).toBe(0);
    // At whichever migration is newest: each new migration would otherwise have to edit this test.
    expect(second.stdout).toContain(`nothing to apply; at ${latestMigration}`);
  });
});
