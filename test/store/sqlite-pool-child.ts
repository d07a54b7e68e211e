/**
 * Run by sqlite-pool.test.ts in a process of its own: reads through the pool on two threads,
 * closes the database, and must then exit by itself (no reader thread left to keep it alive).
 */
import { sql } from 'kysely';
import { openDatabase } from '../../gateway/store/database.js';

const database = await openDatabase({ url: process.argv[2], readers: 2 });
const read = () => sql<{ one: number }>`select 1 as one`.execute(database.db);
const [{ rows }] = await Promise.all([read(), read(), read()]);
const threads = database.readers!.threads;
await database.close();
console.log(
  `read ${rows.length} row on ${threads} threads; closed with ${database.readers!.threads} threads`,
);
