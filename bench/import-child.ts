/**
 * `tandem import csv` as a user runs it: the real CLI in a child process, timed from spawn to
 * exit (start-up, migrations check and the rollup refresh at the end included). Its memory is the
 * kernel's account of the child alone: the peak resident set (VmHWM in /proc/<pid>/status), read
 * every 100 ms along with how far the child has read the CSV (the position of its file
 * descriptor in /proc/<pid>/fdinfo), so the peak can be told at each quarter of the file.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ImportRun {
  ms: number;
  rows: number;
  written: number;
  duplicates: number;
  rejected: number;
  /** Peak resident set of the child, bytes. */
  peakRss: number;
  /** The peak resident set when the child had read 25, 50, 75 and 100 % of the file, bytes. */
  peakAtQuarter: number[];
  output: string;
}

/** `root` is a checkout of the repository (this one, or the baseline's); `nodeOptions` e.g. --cpu-prof. */
export async function runImport(
  root: string,
  args: { file: string; mapping: string; database: string; tenant: string },
  nodeOptions: string[] = [],
): Promise<ImportRun> {
  const size = statSync(args.file).size;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...nodeOptions,
      join(root, 'bin/tandem.mjs'),
      'import',
      'csv',
      args.file,
      '--tenant',
      args.tenant,
      '--mapping',
      args.mapping,
      '--database',
      args.database,
      '--no-progress',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let peakRss = 0;
  const peakAtQuarter: number[] = [];
  const sample = () => {
    const status = readProc(`/proc/${child.pid}/status`);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status ?? '');
    if (hwm) peakRss = Math.max(peakRss, Number(hwm[1]) * 1024);
    const read = filePosition(child.pid!, args.file);
    while (peakAtQuarter.length < 3 && read >= ((peakAtQuarter.length + 1) * size) / 4)
      peakAtQuarter.push(peakRss);
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    // 'exit' rather than 'close': the child's status is readable until it is reaped.
    child.on('exit', (status) => resolve(status));
  });
  const ms = performance.now() - started;
  clearInterval(timer);
  peakAtQuarter.push(peakRss);
  if (code !== 0) throw new Error(`tandem import csv ${args.file} exited ${code}:\n${output}`);
  // `people.csv → acme: 100,000 rows read, 100,000 records written, 0 already there, 0 rejected (8.1 s)`
  // (a baseline from before a11d3f5 says `100,000 written`)
  const summary =
    /([\d,]+) rows read, ([\d,]+) (?:records )?written, ([\d,]+) already there, ([\d,]+) rejected/.exec(
      output,
    );
  if (!summary) throw new Error(`no summary in the output of tandem import csv:\n${output}`);
  const [rows, written, duplicates, rejected] = summary.slice(1).map((n) => Number(n!.replace(/,/g, '')));
  return {
    ms,
    rows: rows!,
    written: written!,
    duplicates: duplicates!,
    rejected: rejected!,
    peakRss,
    peakAtQuarter,
    output,
  };
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the child has exited between two samples
  }
}

/** How far process `pid` has read `file`: the offset of its descriptor open on it (0 before it opens it). */
function filePosition(pid: number, file: string): number {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target !== file) continue;
      const pos = /pos:\s+(\d+)/.exec(readProc(`/proc/${pid}/fdinfo/${fd}`) ?? '');
      if (pos) return Number(pos[1]);
    }
  } catch {
    // exited
  }
  return 0;
}
