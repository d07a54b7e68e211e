import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Plain Node, as Next.js or another SSR host imports it: no window, no document, no DOM. */
describe('SSR safety', () => {
  it('imports widgets/index.ts in Node without throwing', () => {
    const script = `
      const widgets = await import('./widgets/index.ts');
      const names = Object.keys(widgets).sort().join(',');
      console.log(JSON.stringify({ names, window: typeof window, document: typeof document }));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(result.window).toBe('undefined');
    expect(result.document).toBe('undefined');
    expect(result.names).toContain('TandemFunnel');
    expect(result.names).toContain('TandemSlaGauge');
  });

  it('imports under vitest (Node) too', async () => {
    await expect(import('../../../widgets/index.js')).resolves.toHaveProperty('TandemFunnel');
  });
});
