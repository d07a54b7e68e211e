import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type InlineConfig, type Plugin } from 'vite';
import { templateWhitespace } from './scripts/template-whitespace.js';

/**
 * Widget builds, served by the gateway at /widgets/:
 * - dist/widgets/tandem.js: every widget (widgets/index.ts), Lit and d3 bundled in.
 * - dist/widgets/<name>.js: one self-contained module per widget folder that has `<name>/<name>.ts`
 *   (funnel.js, sla-gauge.js, …), so a page can load a single widget with one script tag.
 * Rollup shares chunks between inputs of one build, so each per-widget module is its own build.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
/** TANDEM_WIDGETS_OUT lets the budget test build elsewhere, never under a server reading dist/. */
const outDir = process.env.TANDEM_WIDGETS_OUT || 'dist/widgets';

export const widgetEntries = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(`${root}widgets`, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(`${root}widgets/${entry.name}/${entry.name}.ts`))
      .map((entry) => [entry.name, `${root}widgets/${entry.name}/${entry.name}.ts`]),
  );

/**
 * App-mode build of one entry. Not `build.lib`: Vite's ES library mode keeps whitespace unminified;
 * these files are loaded straight by browsers, so they are minified fully.
 */
const bundle = (name: string, entry: string, emptyOutDir: boolean): InlineConfig => ({
  configFile: false,
  root,
  publicDir: false,
  logLevel: 'warn',
  mode: 'production',
  // Explicit, so a build started under NODE_ENV=test (vitest) still picks Lit's production build.
  resolve: { conditions: ['module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [templateWhitespace()],
  build: {
    outDir,
    emptyOutDir,
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: { [name]: entry },
      preserveEntrySignatures: 'exports-only',
      output: { format: 'es', entryFileNames: '[name].js', inlineDynamicImports: true },
    },
  },
});

function perWidgetBuilds(): Plugin {
  return {
    name: 'tandem-per-widget-builds',
    apply: 'build',
    async closeBundle() {
      for (const [name, entry] of Object.entries(widgetEntries())) await build(bundle(name, entry, false));
    },
  };
}

const { configFile: _, plugins, ...main } = bundle('tandem', `${root}widgets/index.ts`, true);

export default defineConfig({
  ...main,
  logLevel: 'info',
  plugins: [...(plugins ?? []), perWidgetBuilds()],
});
