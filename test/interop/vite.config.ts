/**
 * Builds the React 19 and Vue 3 test apps (test/interop/react, test/interop/vue) with Vite, as a
 * team using the widgets would. `tandem/…` resolves to this repository, standing in for
 * `npm install`: the apps import the widgets' source, exactly as the README's npm recipe does.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import type { InlineConfig } from 'vite';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function interopBuild(app: 'react' | 'vue', outDir: string): InlineConfig {
  return {
    configFile: false,
    root: `${root}test/interop/${app}`,
    logLevel: 'warn',
    mode: 'production',
    base: './',
    resolve: { alias: [{ find: /^tandem\//, replacement: root }] },
    plugins:
      app === 'vue'
        ? [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('tandem-') } } })]
        : [],
    build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  };
}
