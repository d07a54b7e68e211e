/**
 * The gateway's layers, lowest first. A module may import its own folder and any lower layer,
 * never a higher one nor one of the same rank: a lower layer that reaches up (the store into the
 * metrics, auth into the schema) makes both move together and invites import cycles. Type-only
 * imports count too: they couple the code as much. Dynamic `import()` counts. Nothing under
 * gateway/ or schema/ imports the widgets, demo pages, benchmarks, scripts or tests.
 *
 *   0 domain/          pure functions
 *   1 store/           tables, migrations, tenant and row scoping
 *   2 config.ts        options shared by the command and the connectors
 *   3 rollups/         what every rollup is made of: local days, monthly twins, packed
 *                      distributions, dirty marks
 *   4 metrics/         one folder per metric (funnel/, lead-matrix/, sla/, campaigns/…) owning its
 *                      raw query, its rollup and the choice between them; the families registry
 *                      and the refresh beside them
 *   5 ingest/          the write path, which marks and refreshes rollups
 *   6 loop/ live/ sources/   closed-loop writes, subscriptions, connectors (all write through ingest)
 *   7 auth/ seed/      tokens (with tenant secrets kept like connector secrets), demo data
 *   8 schema/          the GraphQL schema
 *   9 server/          HTTP
 *  10 cli/             the tandem command
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const ranks: [prefix: string, rank: number][] = [
  ['gateway/domain/', 0],
  ['gateway/store/', 1],
  ['gateway/config.ts', 2],
  ['gateway/rollups/', 3],
  ['gateway/metrics/', 4],
  ['gateway/ingest/', 5],
  ['gateway/loop/', 6],
  ['gateway/live/', 6],
  ['gateway/sources/', 6],
  ['gateway/auth/', 7],
  ['gateway/seed/', 7],
  ['schema/', 8],
  ['gateway/server/', 9],
  ['gateway/cli/', 10],
];

/** The layer a repository path belongs to, and its rank; null outside the gateway and schema. */
function layerOf(path: string): { layer: string; rank: number } | null {
  const match = ranks.find(([prefix]) => path === prefix || path.startsWith(prefix));
  return match ? { layer: match[0], rank: match[1] } : null;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every relative import of `file` (static, type-only, re-export and dynamic), as repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => relative(root, resolve(root, dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

/** Each import that breaks the rule, as "importer → imported". */
function violations(): string[] {
  const found: string[] = [];
  for (const file of [...sourceFiles('gateway'), ...sourceFiles('schema')]) {
    const from = layerOf(file);
    if (!from) throw new Error(`${file} belongs to no layer: give its folder a rank in layers.test.ts`);
    for (const target of importsOf(file)) {
      const to = layerOf(target);
      const allowed = to !== null && (to.layer === from.layer || to.rank < from.rank);
      if (!allowed) found.push(`${file} → ${target}`);
    }
  }
  return found.sort();
}

describe('layers', () => {
  it('finds the imports it checks', () => {
    const all = [...sourceFiles('gateway'), ...sourceFiles('schema')].flatMap(importsOf);
    expect(all.length).toBeGreaterThan(500);
    expect(all).toContain('gateway/store/tables.ts');
  });

  it('never lets a lower layer import a higher one (or one of its own rank)', () => {
    expect(violations()).toEqual([]);
  });
});
