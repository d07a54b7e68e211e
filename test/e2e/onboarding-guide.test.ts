/**
 * docs/onboarding.md, "The first hour", run as its reader runs it, on SQLite and PostgreSQL: every
 * ```sh command in order through bash and the real `tandem` (bin/tandem.mjs), each exiting 0,
 * each ```text block after a command equal to what it printed, then the guide's "what you should
 * see" query asked with the token the guide minted, answered with the guide's ```json block.
 *
 * What the test substitutes, and nothing else: the value of `export DATABASE_URL=` (a fresh SQLite
 * file, a fresh PostgreSQL database), the port of `npx tandem serve` and of the URLs after it (other
 * suites run at the same time), `npx tandem` (bin/tandem.mjs of this checkout) and the install step
 * (this checkout is installed). `npx tandem serve` runs in the background, as in the guide's second
 * terminal, and stops at the end. Finally: `tandem seed` never ran (no demo marker, no demo tenant).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededDemos } from '../../gateway/seed/demo-marker.js';
import { listTenants } from '../../gateway/store/tenants.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const guide = readFileSync(join(repo, 'docs/onboarding.md'), 'utf8');
const walkthroughHeading = '## The first hour';

interface Block {
  lang: string;
  text: string;
}

/** The fenced blocks of the walk-through: from its heading to the next level-2 heading. */
function walkthroughBlocks(): Block[] {
  const start = guide.indexOf(`\n${walkthroughHeading}`);
  if (start < 0) throw new Error(`docs/onboarding.md has no "${walkthroughHeading}" section`);
  const rest = guide.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** A sh block's commands: comments and blank lines dropped, `\` continuations joined. */
function commandsOf(text: string): string[] {
  const commands: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (!current && (/^\s*#/.test(line) || !line.trim())) continue;
    current += line.endsWith('\\') ? `${line.slice(0, -1)} ` : line;
    if (!line.endsWith('\\')) {
      commands.push(current.trim());
      current = '';
    }
  }
  return commands;
}

interface Step {
  command: string;
  /** The ```text block that follows the command's block, when this command is the block's last. */
  output?: string;
}

function steps(): { steps: Step[]; query: string; expected: unknown } {
  const blocks = walkthroughBlocks();
  const list: Step[] = [];
  let query = '';
  let expected: unknown;
  blocks.forEach((block, i) => {
    if (block.lang === 'sh') {
      const commands = commandsOf(block.text);
      const next = blocks[i + 1];
      commands.forEach((command, j) => {
        const last = j === commands.length - 1;
        list.push({ command, output: last && next?.lang === 'text' ? next.text : undefined });
      });
    }
    if (block.lang === 'graphql') query = block.text;
    if (block.lang === 'json' && query && expected === undefined) expected = JSON.parse(block.text);
  });
  return { steps: list, query, expected };
}

/** This checkout is installed: the guide's install step is the only thing not run. */
const installStep = /^(git clone|cd tandem|npm (install|ci))\b/;
/** Import and sync summaries end with their duration, which differs from run to run. */
const timeless = (text: string) => text.replace(/\(\d+(\.\d+)? s\)/g, '(… s)').trimEnd();

for (const dialect of dialects) {
  const available = await dialect.available();
  describe.skipIf(!available)(`the onboarding guide on ${dialect.name}`, () => {
    let test: TestDatabase;
    let folder: string;
    let server: ChildProcess | undefined;
    const port = String(47_300 + Math.floor(Math.random() * 600) + (dialect.name === 'sqlite' ? 0 : 600));
    const guideSteps = steps();

    beforeAll(async () => {
      test = await createTestDatabase(dialect.name, { migrate: false });
      folder = mkdtempSync(join(tmpdir(), 'tandem-guide-'));
      // `npx tandem …` as the reader types it, run by this checkout's bin/tandem.mjs.
      writeFileSync(
        join(folder, 'npx'),
        `#!/bin/sh\nif [ "$1" = tandem ]; then shift; exec "${process.execPath}" "${join(repo, 'bin/tandem.mjs')}" "$@"; fi\necho "the guide runs only npx tandem, got: npx $*" >&2\nexit 127\n`,
      );
      chmodSync(join(folder, 'npx'), 0o755);
      writeFileSync(join(folder, 'state.sh'), '');
    });
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await test?.drop();
      if (folder) rmSync(folder, { recursive: true, force: true });
    });

    /** One command in bash, in the repository, with the variables the earlier ones exported. */
    function shell(command: string): { script: string; env: NodeJS.ProcessEnv } {
      const assigned = /^([A-Za-z_]\w*)=/.exec(command)?.[1];
      const state = join(folder, 'state.sh');
      const script = [
        `. '${state}'`,
        `cd '${repo}'`,
        command,
        '__rc=$?',
        assigned ? `export ${assigned}` : '',
        `export -p > '${state}'`,
        'exit $__rc',
      ].join('\n');
      const env = {
        ...process.env,
        DATABASE_URL: undefined,
        PORT: undefined,
        PATH: `${folder}:${process.env.PATH}`,
      };
      return { script, env };
    }

    function run(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
      const { script, env } = shell(command);
      return new Promise((resolve, reject) => {
        const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    async function startServer(command: string): Promise<void> {
      const { script, env } = shell(`${command} --port ${port}`);
      // The server never exits by itself: run it without the lines after it (they save state).
      const lines = script.split('\n');
      server = spawn('bash', ['-c', lines.slice(0, 3).join('\n').replace(/^npx /m, 'exec npx ')], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      server.stdout!.on('data', (chunk) => (log += chunk));
      server.stderr!.on('data', (chunk) => (log += chunk));
      for (let i = 0; i < 120; i++) {
        if (server.exitCode !== null) throw new Error(`${command} exited ${server.exitCode}:\n${log}`);
        const up = await fetch(`http://localhost:${port}/health`).then(
          (response) => response.ok,
          () => false,
        );
        if (up) return;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      throw new Error(`${command} did not answer /health within 60 s:\n${log}`);
    }

    it('has a walk-through with commands, their output and what the company should see', () => {
      expect(guideSteps.steps.length).toBeGreaterThan(8);
      expect(guideSteps.steps.filter((step) => step.output !== undefined).length).toBeGreaterThan(5);
      expect(guideSteps.query).toContain('funnel');
      expect(guideSteps.expected).toBeTruthy();
      // The company's database never sees the demo.
      for (const { command } of guideSteps.steps) expect(command).not.toMatch(/tandem (seed|start)\b/);
    });

    it('runs every command of the guide as written, with the output it shows', async () => {
      let ran = 0;
      for (const step of guideSteps.steps) {
        if (installStep.test(step.command)) continue;
        let command = step.command
          .replace(/^export DATABASE_URL=\S+/, `export DATABASE_URL='${test.url}'`)
          .replace(/localhost:4000\b/g, `localhost:${port}`);
        if (/^npx tandem serve\b/.test(command)) {
          // `npx tandem serve &`: in the background, as the guide runs it, on the test's port.
          await startServer(command.replace(/\s*&$/, ''));
          ran++;
          continue;
        }
        command = command.replace(/^curl /, 'curl --fail-with-body ');
        const result = await run(command);
        expect(result.code, `${step.command}\n${result.stdout}${result.stderr}`).toBe(0);
        if (step.output !== undefined) {
          expect(timeless(result.stdout), step.command).toBe(timeless(step.output));
        }
        ran++;
      }
      expect(ran).toBeGreaterThan(8);
      expect(server?.exitCode).toBeNull();
    }, 240_000);

    it('serves GraphiQL where the guide sends the reader', async () => {
      const page = await fetch(`http://localhost:${port}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect((await page.text()).toLowerCase()).toContain('graphiql');
    });

    it("answers the guide's query with the figures it states, to the token it minted", async () => {
      const token = (await run('printf %s "$TOKEN"')).stdout;
      expect(token.split('.')).toHaveLength(3);
      const response = await fetch(`http://localhost:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: guideSteps.query }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      // Medians and averages may differ in the last bits between SQLite and PostgreSQL.
      expect(roundFloats(body)).toEqual(roundFloats(guideSteps.expected));
    });

    it('never ran the demo seed against the company database', async () => {
      expect(await seededDemos(test.database)).toEqual([]);
      const tenants = (await listTenants(test.database)).map((tenant) => tenant.id);
      expect(tenants).toEqual(['northwind']);
      const markers = await test.database.db
        .selectFrom('sync_cursors')
        .select('tenant_id')
        .where('source', '=', 'tandem-seed')
        .execute();
      expect(markers).toEqual([]);
    });
  });
}

function roundFloats(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(roundFloats);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, roundFloats(item)]));
  return value;
}
