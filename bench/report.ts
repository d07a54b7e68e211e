/**
 * BENCHMARKS.md is made of sections, one per benchmark; each run rewrites the sections it
 * measured and keeps the others, so `npm run bench -- seed` does not erase the dashboard figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describeMachine } from './machine.js';

const file = new URL('../BENCHMARKS.md', import.meta.url);

export interface Section {
  id: string;
  title: string;
  body: string;
}

export function writeSections(sections: Section[]): void {
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = new Map<string, string>();
  for (const match of existing.matchAll(/<!-- section:(\S+) -->\n([\s\S]*?)<!-- \/section -->/g)) {
    kept.set(match[1]!, match[2]!);
  }
  const date = new Date().toISOString().slice(0, 10);
  for (const section of sections) {
    kept.set(
      section.id,
      `## ${section.title}\n\nMeasured ${date} on ${describeMachine()}.\n\n${section.body.trim()}\n\n`,
    );
  }
  const body = [...kept.entries()]
    .map(([id, text]) => `<!-- section:${id} -->\n${text}<!-- /section -->`)
    .join('\n\n');
  writeFileSync(
    file,
    `# Benchmarks\n\nWritten by \`npm run bench\` (loopback only, bounded in time). Each section says when and on what it ran;\ntimings are from one run on a shared machine, so read ratios rather than the last digit.\n\n${body}\n`,
  );
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en'),
  s: (ms: number) => `${(ms / 1000).toFixed(1)} s`,
  ms: (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`,
};
