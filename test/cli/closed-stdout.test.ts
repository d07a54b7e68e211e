/**
 * `tandem … | head`: when the reader of the output goes away before the command is done writing,
 * the command stops quietly (no EPIPE stack on stderr), as Unix tools do when the pipe is cut.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));

/** Runs the command with its stdout's reading end closed before it writes anything. */
function withStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, DATABASE_URL: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('a command whose output is no longer read', () => {
  it.each([[['sync', '--help']], [['schema']]])(
    'tandem %j exits quietly with the broken-pipe status',
    async (args) => {
      const result = await withStdoutClosed(args);
      expect(result.stderr).toBe('');
      // 128 + SIGPIPE (13), what a shell reports for `yes | head`: a pipe cut short is not a success.
      expect(result.code).toBe(141);
    },
  );
});
