/**
 * Configuration from flags and environment, flags first. One place that knows the defaults.
 */
import { defaultSqlitePath } from './store/database.js';

export interface StoreOptions {
  /** PostgreSQL URL, or an SQLite file path. */
  database?: string;
}

/** The database to open: --database, else DATABASE_URL, else the embedded SQLite file. */
export function databaseUrl(options: StoreOptions): string {
  return options.database ?? process.env.DATABASE_URL ?? defaultSqlitePath;
}

export function port(flag: string | undefined): number {
  const value = flag ?? process.env.PORT ?? '4000';
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new UsageError(`port must be a whole number from 0 to 65535, got '${value}'`);
  }
  return parsed;
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
