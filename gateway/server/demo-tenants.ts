/**
 * GET /demo/tenants: the demo companies for the portal's switcher (id, name, currency). Demo mode
 * only, beside /demo/token: there anyone who opens the demo may mint a token for any tenant, so
 * listing them tells nothing new. The GraphQL `tenants` query answers a token's own tenant only.
 */
import type { ServerResponse } from 'node:http';
import type { RevenueDatabase } from '../store/database.js';
import { listTenants } from '../store/tenants.js';

export async function handleDemoTenants(res: ServerResponse, database: RevenueDatabase): Promise<void> {
  const tenants = (await listTenants(database)).map(({ id, name, currency }) => ({ id, name, currency }));
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ tenants }));
}
