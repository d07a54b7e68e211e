import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const KB = 1024;

/**
 * Builds with the real config (`vite build`) into a temporary directory (dist/ may be served by a
 * gateway test running alongside), then measures what the gateway will serve.
 */
describe('widget bundles', () => {
  const out = mkdtempSync(join(tmpdir(), 'tandem-widgets-'));
  const read = (file: string) => readFileSync(join(out, file));

  beforeAll(() => {
    execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production', TANDEM_WIDGETS_OUT: out },
    });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('builds tandem.js and one module per widget folder', () => {
    const widgets = readdirSync(`${root}widgets`, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'shared')
      .map((d) => `${d.name}.js`);
    expect(readdirSync(out).sort()).toEqual(['tandem.js', ...widgets].sort());
  });

  it('keeps the whole bundle within 40 KB gzip, with Lit in production mode', () => {
    const code = read('tandem.js');
    const gzip = gzipSync(code, { level: 9 }).length;
    expect(gzip, `tandem.js is ${(gzip / KB).toFixed(1)} KB gzip`).toBeLessThanOrEqual(40 * KB);
    expect(code.toString()).not.toContain('Lit is in dev mode');
  });

  it('keeps every per-widget module under 128 KB minified and self-contained', () => {
    for (const file of readdirSync(out).filter((f) => f !== 'tandem.js')) {
      const code = read(file).toString();
      expect(code.length, `${file} is ${(code.length / KB).toFixed(1)} KB`).toBeLessThan(128 * KB);
      expect(code, `${file} must not import shared chunks`).not.toMatch(
        /\bimport\s*[{*\w][^;]*from\s*["']\.\.?\//,
      );
      expect(code, `${file} should be minified (no doc comments)`).not.toContain('/**');
    }
  });
});
