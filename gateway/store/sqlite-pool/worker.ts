/**
 * One reader of the SQLite read pool (pool.ts), on a thread of its own: a read-only connection to
 * the gateway's WAL file, answering the SELECTs the main thread sends it. better-sqlite3 is
 * synchronous, so a long statement here blocks this thread only, never the event loop that serves
 * light requests. WAL gives each statement the database as of its start: every committed write,
 * which is every write a response has been sent for.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { cachedStatements } from '../statement-cache.js';

export interface ReaderData {
  file: string;
}

export type ReadRequest = { id: number; sql: string; parameters: readonly unknown[] };

export type ReadReply =
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; code?: string; name: string } };

const { file } = workerData as ReaderData;
const sqlite = new SQLite(file, { readonly: true, fileMustExist: true, timeout: 2000 });
// Half the main connection's page cache: several readers share the file's hot pages through the
// OS cache, and each keeps its own copy of what it reads most.
sqlite.pragma('cache_size = -65536');
sqlite.pragma('temp_store = MEMORY');
const statements = cachedStatements(sqlite);

// Blobs arrive as Uint8Array after crossing threads; better-sqlite3 binds Buffers only.
const bindable = (value: unknown) =>
  value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;

parentPort!.on('message', ({ id, sql, parameters }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, rows: statements.prepare(sql).all(parameters.map(bindable)) };
  } catch (error) {
    const { message, name, code } = error as Error & { code?: string };
    reply = { id, error: { message, name, code } };
  }
  parentPort!.postMessage(reply);
});
