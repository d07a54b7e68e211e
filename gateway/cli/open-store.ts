/** Opens and migrates the database the flags and environment name, for every command. */
import { databaseUrl, type StoreOptions } from '../config.js';
import { openDatabase, type RevenueDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';

export async function openMigratedDatabase(options: StoreOptions): Promise<RevenueDatabase> {
  const database = await openDatabase({ url: databaseUrl(options) });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
