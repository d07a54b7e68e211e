/**
 * GET /demo/token?tenant=acme[&role=analyst]: a short-lived token for the demo pages, minted with
 * the tenant's secret (a per-process random one when none is configured). It exists only in demo
 * mode (`tandem start`), where anyone who can open the demo may read its data anyway; `tandem
 * serve` has no such route, and its tokens come from `tandem token` or the tenant's identity
 * provider. Viewer tokens (the default) run the widgets' operations only; the demo pages' own
 * requests (tenant switcher, closed-loop buttons) ask for an analyst token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RevenueDatabase } from '../store/database.js';
import { listTenants } from '../store/tenants.js';
import { mintToken } from './mint.js';
import type { TenantSecuritySettings } from './tenant-security.js';

/** Demo tokens live 15 minutes: the widgets ask for a fresh one a minute before that. */
export const demoTokenSeconds = 15 * 60;

const demoRoles = ['viewer', 'analyst'] as const;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function handleDemoToken(
  req: IncomingMessage,
  res: ServerResponse,
  database: RevenueDatabase,
  security: TenantSecuritySettings,
): Promise<void> {
  if (req.method !== 'GET') return send(res, 405, { error: `/demo/token takes GET, got ${req.method}` });
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const role = params.get('role') ?? 'viewer';
  if (!(demoRoles as readonly string[]).includes(role))
    return send(res, 400, { error: `role must be viewer or analyst, got '${role.slice(0, 40)}'` });
  const tenants = await listTenants(database);
  const named = params.get('tenant');
  const tenant = named ? tenants.find((t) => t.id === named) : tenants[0];
  if (!tenant) {
    const known = tenants.map((t) => t.id).join(', ') || 'none yet: run `tandem seed`';
    return send(res, 404, { error: `unknown tenant '${(named ?? '').slice(0, 64)}' (tenants: ${known})` });
  }
  const now = Date.now();
  const token = await mintToken(
    { tenant: tenant.id, role: role as (typeof demoRoles)[number], name: `demo ${role}` },
    new TextEncoder().encode(security.secretOf(tenant.id).reveal()),
    { expiresIn: demoTokenSeconds, now },
  );
  send(res, 200, {
    token,
    tenant: tenant.id,
    role,
    expiresAt: new Date(now + demoTokenSeconds * 1000).toISOString(),
  });
}
