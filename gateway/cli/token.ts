/**
 * `tandem token`: mints a token for a tenant with its secret (TANDEM_<TENANT>_TOKEN_SECRET), after
 * checking against the database that the tenant, team, owner and record it names exist — a typo
 * would otherwise mint a token that quietly shows nothing. Prints the JWT alone on stdout, so
 * `TOKEN=$(tandem token …)` works; what it grants goes to stderr.
 */
import type { TokenGrant } from '../auth/claims.js';
import { MintError, mintToken, parseLifetime } from '../auth/mint.js';
import { TenantSecuritySettings } from '../auth/tenant-security.js';
import { widgetOperations } from '../auth/widget-operations.js';
import { type StoreOptions, UsageError } from '../config.js';
import type { RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { listTenants } from '../store/tenants.js';
import { openMigratedDatabase } from './open-store.js';

export interface TokenOptions extends StoreOptions {
  tenant: string;
  role: 'viewer' | 'analyst' | 'admin';
  team?: string;
  owner?: string;
  region?: string;
  segment?: string;
  record?: string;
  widgets?: string;
  expires: string;
  name?: string;
}

const list = (text: string | undefined) =>
  text
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Refuses names the tenant does not have, listing the ones it does where that helps. */
async function checkNames(database: RevenueDatabase, options: TokenOptions): Promise<void> {
  const tenants = await listTenants(database);
  if (!tenants.some((t) => t.id === options.tenant)) {
    const known =
      tenants.map((t) => t.id).join(', ') ||
      'none yet: create one with `tandem tenant create`, or run `tandem start` for the demo';
    throw new UsageError(`unknown tenant '${options.tenant}' (tenants: ${known})`);
  }
  const { db } = new TenantStore(database, options.tenant);
  if (options.team) {
    const teams = await db.selectFrom('teams').select('id').orderBy('id').execute();
    if (!teams.some((t) => t.id === options.team))
      throw new UsageError(
        `tenant '${options.tenant}' has no team '${options.team}' (teams: ${teams.map((t) => t.id).join(', ')})`,
      );
  }
  if (
    options.owner &&
    !(await db.selectFrom('users').select('id').where('id', '=', options.owner).executeTakeFirst())
  )
    throw new UsageError(`tenant '${options.tenant}' has no user '${options.owner}'`);
  if (options.record) {
    const table = options.record.startsWith('acc_') ? 'accounts' : 'people';
    if (!(await db.selectFrom(table).select('id').where('id', '=', options.record).executeTakeFirst()))
      throw new UsageError(
        `tenant '${options.tenant}' has no record '${options.record}' (a per_… or acc_… id)`,
      );
  }
}

export async function tokenCommand(options: TokenOptions, env = process.env): Promise<void> {
  const expiresIn = (() => {
    try {
      return parseLifetime(options.expires);
    } catch (error) {
      throw new UsageError(`--expires: ${(error as Error).message}`);
    }
  })();
  const widgets = list(options.widgets);
  if (widgets) {
    const known = (await widgetOperations()).widgets;
    const unknown = widgets.filter((w) => !known.includes(w));
    if (unknown.length)
      throw new UsageError(`unknown widget ${unknown.join(', ')} (widgets: ${known.join(', ')})`);
  }
  const security = new TenantSecuritySettings(env);
  const problem = security.secretProblem(options.tenant);
  if (problem) throw new UsageError(problem);

  const database = await openMigratedDatabase(options);
  try {
    await checkNames(database, options);
  } finally {
    await database.close();
  }

  const scopes = {
    team: options.team,
    owner: options.owner,
    region: options.region,
    segment: options.segment,
  };
  const grant: TokenGrant = {
    tenant: options.tenant,
    role: options.role,
    name: options.name,
    scopes: Object.values(scopes).some(Boolean) ? scopes : undefined,
    record: options.record,
    widgets,
  };
  let token: string;
  try {
    const secret = new TextEncoder().encode(security.secretOf(options.tenant).reveal());
    token = await mintToken(grant, secret, { expiresIn });
  } catch (error) {
    if (error instanceof MintError) throw new UsageError(error.message);
    throw error;
  }
  const narrowed = Object.entries({ ...scopes, record: options.record })
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`);
  console.error(
    `${options.role} token for ${options.tenant}${narrowed.length ? ` (${narrowed.join(', ')})` : ''}` +
      `${widgets ? `, widgets ${widgets.join(', ')}` : ''}, valid until ${new Date(Date.now() + expiresIn * 1000).toISOString()}`,
  );
  console.log(token);
}
