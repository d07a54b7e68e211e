/**
 * A few reader threads (worker.ts), each with its own read-only connection to the same SQLite
 * file, answering SELECTs in turn. better-sqlite3 runs a statement synchronously: on the main
 * thread one analyst's heavy query stopped every other request for seconds (issue 13); here it
 * occupies one reader while the event loop keeps serving. Readers start when first needed, so a
 * database that only writes (a CLI import) never starts one, and an idle reader does not keep
 * the process alive. Statements wait their lane's turn (lanes.ts): one tenant's burst does not
 * queue ahead of another tenant's every statement.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FairQueue } from '../lanes.js';
import type { ReaderData, ReadReply, ReadRequest } from './worker.js';

/** The environment variable that sets the number of readers; 0 reads on the main connection. */
export const readWorkersSetting = 'TANDEM_SQLITE_READ_WORKERS';

/**
 * Readers wanted: TANDEM_SQLITE_READ_WORKERS, else one per core the process may use but one, which
 * is the event loop's: with every core reading, the thread that serves cached answers waited for
 * a core (p99 459 ms beside heavy queries with 2 readers on 2 cores, 229 ms with 1: BENCHMARKS.md).
 */
export function readWorkersWanted(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env[readWorkersSetting];
  if (setting === undefined || setting.trim() === '') return Math.max(1, availableParallelism() - 1);
  const size = Number(setting);
  if (!Number.isInteger(size) || size < 0)
    throw new Error(
      `${readWorkersSetting} must be a whole number of reader threads (0 for none), not '${setting}'`,
    );
  return size;
}

interface Job {
  request: Omit<ReadRequest, 'id'>;
  resolve(rows: unknown[]): void;
  reject(error: Error): void;
}

interface Reader {
  worker: Worker;
  job?: Job & { id: number };
}

const script = new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/**
 * Run from TypeScript (tsx, vitest), a thread registers tsx's loader itself, then imports the
 * reader: on Node 20 a thread's own `--import tsx` does not reach its entry module. tsx is
 * resolved from this package, not the working directory, so `tandem` works from anywhere.
 */
function readerThread(workerData: ReaderData): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const boot = `import(${JSON.stringify(tsxApi())}).then(({ register }) => {
    register();
    return import(${JSON.stringify(script.href)});
  })`;
  return new Worker(boot, { eval: true, workerData });
}

/** tsx's ESM API (`tsx/esm/api`, import condition): its CommonJS twin registers a broken path. */
function tsxApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return new URL(exports['./esm/api']!.import.default, pathToFileURL(manifest)).href;
}

export class ReadPool {
  readonly #file: string;
  readonly #size: number;
  readonly #readers = new Set<Reader>();
  readonly #queue = new FairQueue<Job>();
  #nextId = 0;
  #closed = false;

  constructor(options: { file: string; size: number }) {
    this.#file = options.file;
    this.#size = options.size;
  }

  /** Statements answered by readers since open (tests check that reads went to the pool). */
  readonly stats = { reads: 0 };

  /** Reader threads running now (tests check that closing stops them). */
  get threads(): number {
    return this.#readers.size;
  }

  /** The rows of one read-only statement, answered by the next free reader. */
  run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { sql, parameters }, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stops every reader; statements still waiting fail with "the database is closed". */
  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.drain()) job.reject(new Error('the database is closed'));
    await Promise.all([...this.#readers].map(({ worker }) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.size > 0) {
      const reader = this.#idleReader();
      if (!reader) return;
      const job = { ...this.#queue.shift()!, id: this.#nextId++ };
      reader.job = job;
      reader.worker.ref();
      reader.worker.postMessage({ id: job.id, ...job.request } satisfies ReadRequest);
    }
  }

  #idleReader(): Reader | undefined {
    for (const reader of this.#readers) if (!reader.job) return reader;
    return this.#readers.size < this.#size ? this.#start() : undefined;
  }

  #start(): Reader {
    const worker = readerThread({ file: this.#file });
    const reader: Reader = { worker };
    worker.on('message', (reply: ReadReply) => {
      const job = reader.job;
      if (!job || job.id !== reply.id) return;
      reader.job = undefined;
      worker.unref();
      this.stats.reads++;
      if ('rows' in reply) job.resolve(reply.rows);
      else job.reject(Object.assign(new Error(reply.error.message), reply.error));
      this.#dispatch();
    });
    // A reader that fails (cannot open the file) or is terminated takes only its own statement.
    const gone = (error: Error) => {
      if (!this.#readers.delete(reader)) return;
      reader.job?.reject(this.#closed ? new Error('the database is closed') : error);
      reader.job = undefined;
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`an SQLite reader thread stopped (exit code ${code})`)));
    this.#readers.add(reader);
    return reader;
  }
}
