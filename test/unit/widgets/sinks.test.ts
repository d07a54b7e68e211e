import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const widgets = fileURLToPath(new URL('../../../widgets/', import.meta.url));

/** CRM text is user input. Only Lit text bindings may render it: no HTML sinks anywhere in the kit. */
describe('widget sources', () => {
  const files = readdirSync(widgets, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s uses no HTML sinks', (file) => {
    const code = readFileSync(`${widgets}${file}`, 'utf8');
    expect(code).not.toMatch(
      /unsafeHTML|unsafeSVG|unsafeStatic|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/,
    );
    expect(code).not.toMatch(/\bhref=\$\{/); // no data value in an href
  });
});
