import type { StoreOptions } from '../config.js';
import { databaseUrl } from '../config.js';
import { openDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

export async function migrateCommand(options: StoreOptions): Promise<void> {
  const database = await openDatabase({ url: databaseUrl(options) });
  try {
    const report = await migrateToLatest(database.db);
    const applied = report.applied.length ? `applied ${report.applied.join(', ')}` : 'nothing to apply';
    console.log(`${database.location}: ${applied}; at ${report.current}`);
  } finally {
    await database.close();
  }
}
