/**
 * `npm run bench [-- section...]`: runs the benchmarks (all, or the named sections) on loopback
 * and rewrites their sections of BENCHMARKS.md. Sections: seed, dashboard, widgets, connectors,
 * cache-memory, isolation, import (`--rows=N` sizes its touch file), breakdowns (`--sizes=10k,100k`).
 */

import { benchDashboard } from './dashboard.js';
import { dropBenchDatabases, postgresReachable } from './postgres.js';
import { type Section, writeSections } from './report.js';
import { benchSeed } from './seed.js';

const all: Record<string, (ctx: { postgresUrl?: string }) => Promise<Section>> = {
  seed: benchSeed,
  dashboard: benchDashboard,
  widgets: async () => (await import('./widgets.js')).benchWidgets(),
  connectors: async (ctx) => (await import('./connectors.js')).benchConnectors(ctx),
  isolation: async (ctx) => (await import('./isolation.js')).benchIsolation(ctx),
  'cache-memory': async () => (await import('./cache-memory.js')).benchCacheMemory(),
  import: async (ctx) => (await import('./import.js')).benchImport(ctx),
  breakdowns: async (ctx) => (await import('./breakdowns.js')).benchBreakdowns(ctx),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in all));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(all).join(', ')})`);
  process.exit(2);
}
const postgresUrl = await postgresReachable();
if (!postgresUrl) console.warn('PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL figures are skipped.');
const sections: Section[] = [];
try {
  for (const name of wanted.length ? wanted : Object.keys(all)) {
    console.log(`▶ ${name}`);
    const section = await all[name]!({ postgresUrl: postgresUrl ?? undefined });
    console.log(section.body);
    sections.push(section);
    writeSections(sections);
  }
} finally {
  await dropBenchDatabases();
}
