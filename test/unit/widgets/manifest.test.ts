import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  customElements?: string;
};

interface Named {
  name: string;
  description?: string;
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: (Named & { fieldName?: string })[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
  members?: (Named & { kind: string; privacy?: string })[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}

/** Every attribute a data widget has (TandemElement's filters and connection, ChartElement's display). */
const COMMON_ATTRIBUTES = [
  'endpoint',
  'token',
  'tenant',
  'from',
  'to',
  'segment',
  'region',
  'channel',
  'campaign',
  'owner',
  'team',
  'live',
  'live-debounce',
  'locale',
  'currency',
  'theme',
  'state',
];
const OWN_ATTRIBUTES: Record<string, string[]> = {
  'tandem-funnel': ['orientation', 'group-by', 'top'],
  'tandem-sla-gauge': [],
  'tandem-lead-heatmap': [],
  'tandem-campaign-roi': ['model', 'group-by', 'sort', 'top'],
  'tandem-customer-360': ['record-id', 'email'],
  'tandem-trend': ['measure', 'grain', 'split-by', 'top', 'chart', 'from-stage', 'to-stage', 'model'],
};
const COMMON_EVENTS = ['tandem-load', 'tandem-error', 'tandem-token-expiring'];

const widgetFolders = readdirSync(`${root}widgets`, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);
const sources = (folder: string) =>
  readdirSync(`${root}widgets/${folder}`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`${root}widgets/${folder}/${f}`, 'utf8'))
    .join('\n');

/**
 * custom-elements.json is generated (`npm run manifest`) and committed, so IDEs, docs and framework
 * wrappers read the widgets' API. This regenerates it with the same script in a copy of widgets/
 * (the analyzer also writes its path into ./package.json: the copy's, not the repository's).
 */
describe('custom-elements.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-manifest-'));
  let committedText = '';
  let freshText = '';
  let manifest: Manifest;
  let tags: Declaration[];

  beforeAll(() => {
    cpSync(`${root}widgets`, join(dir, 'widgets'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "name": "manifest-check", "private": true }\n');
    execFileSync('sh', ['-c', pkg.scripts.manifest], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, PATH: `${root}node_modules/.bin:${process.env.PATH}` },
    });
    freshText = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
    committedText = readFileSync(`${root}custom-elements.json`, 'utf8');
    manifest = JSON.parse(committedText);
    tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is what `npm run manifest` generates from the widgets now (run it after changing one)', () => {
    expect(pkg.customElements).toBe('custom-elements.json');
    expect(pkg.scripts.manifest).toContain('--litelement');
    expect(JSON.parse(committedText), 'custom-elements.json is stale: run `npm run manifest`').toEqual(
      JSON.parse(freshText),
    );
    expect(committedText === freshText, 'custom-elements.json is formatted differently').toBe(true);
  });

  it('describes exactly the tandem-* tags the widget folders define', () => {
    const defined = widgetFolders.flatMap((folder) =>
      [...sources(folder).matchAll(/defineElement\('(tandem-[\w-]+)'/g)].map((m) => m[1]),
    );
    expect(tags.map((t) => t.tagName).sort()).toEqual(defined.sort());
    expect(tags.every((t) => t.customElement)).toBe(true);
  });

  it('lists each tag’s attributes, and no internal state as attributes or public members', () => {
    for (const tag of tags) {
      const attributes = (tag.attributes ?? []).map((a) => a.name);
      expect(attributes.sort(), tag.tagName).toEqual(
        [...COMMON_ATTRIBUTES, ...OWN_ATTRIBUTES[tag.tagName!]].sort(),
      );
      for (const attribute of tag.attributes ?? []) {
        expect(attribute.description, `${tag.tagName} [${attribute.name}] has no description`).toBeTruthy();
      }
      const publicFields = (tag.members ?? []).filter((m) => (m.privacy ?? 'public') === 'public');
      for (const internal of ['errorMessage', 'tip', 'current', 'layout', 'roving']) {
        expect(
          publicFields.map((m) => m.name),
          tag.tagName,
        ).not.toContain(internal);
      }
    }
  });

  it('lists each tag’s events: only tandem-* ones, described, the shared ones and those it declares', () => {
    for (const tag of tags) {
      const events = tag.events ?? [];
      const folder = tag.tagName!.replace(/^tandem-/, '');
      const declared = [...sources(folder).matchAll(/'(tandem-[\w-]+)': CustomEvent</g)].map((m) => m[1]);
      expect(events.map((e) => e.name).sort(), tag.tagName).toEqual([...COMMON_EVENTS, ...declared].sort());
      for (const event of events) {
        expect(event.name, tag.tagName).toMatch(/^tandem-[a-z]+(-[a-z]+)*$/);
        expect(event.description, `${tag.tagName} ${event.name} has no description`).toBeTruthy();
      }
    }
  });

  it('lists every css part the templates use and every custom property the styles declare', () => {
    const shared = sources('shared');
    const literalParts = (code: string) =>
      [...code.matchAll(/\bpart="([^"]+)"/g)].flatMap((m) =>
        m[1].split(/\s+/).filter((p) => !p.includes('$')),
      );
    for (const tag of tags) {
      const folder = tag.tagName!.replace(/^tandem-/, '');
      const parts = (tag.cssParts ?? []).map((p) => p.name);
      for (const part of new Set([...literalParts(sources(folder)), ...literalParts(shared)])) {
        expect(parts, `${tag.tagName} does not document part "${part}"`).toContain(part);
      }
      const styles = readFileSync(`${root}widgets/${folder}/${folder}.styles.ts`, 'utf8');
      const host = /:host\s*\{([^}]*)\}/.exec(styles)?.[1] ?? '';
      const declared = [...host.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]);
      const properties = (tag.cssProperties ?? []).map((p) => p.name);
      expect(declared.length, tag.tagName).toBeGreaterThan(0);
      for (const property of declared) expect(properties, tag.tagName).toContain(property);
      for (const item of [...(tag.cssParts ?? []), ...(tag.cssProperties ?? [])]) {
        expect(item.description, `${tag.tagName} ${item.name} has no description`).toBeTruthy();
      }
    }
  });
});
