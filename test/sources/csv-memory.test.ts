/**
 * A long CSV imports in flat memory: the heap after a full collection is the same at the end of
 * the file as near its start (the benchmark does the same with a million rows).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));

describe('CSV import memory', () => {
  it('stays flat over 200,000 rows', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tandem-memory-'));
    try {
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', probe, folder, '200000'], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let text = '';
        child.stdout.on('data', (chunk) => (text += chunk));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`probe exited ${code}`))));
      });
      const { rows, written, heap } = JSON.parse(output) as { rows: number; written: number; heap: number[] };
      expect(rows).toBe(200_000);
      expect(written).toBe(200_000);
      expect(heap.length).toBeGreaterThanOrEqual(9);
      const early = Math.max(heap[1]!, heap[2]!);
      const late = Math.max(...heap.slice(-3));
      // Growth with the row count would be tens of MB here; allow noise of a few.
      expect(late - early).toBeLessThan(8 * 1024 * 1024);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
