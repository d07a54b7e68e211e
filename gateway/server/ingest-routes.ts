/**
 * The ingest endpoints: POST /ingest/events (batches of touches and activities, authenticated by
 * the tenant's events key) and POST /ingest/hubspot (HubSpot webhooks, authenticated by signature
 * v3 with the tenant's app secret). Nothing is stored before the request is authenticated; a
 * failure to reach the vendor answers 502 so that HubSpot delivers again later.
 *
 * Which tenants exist is not the caller's to learn: an unknown tenant, a tenant without the route
 * enabled and a bad credential get one answer (401, same body), and the database is asked about
 * the tenant only once the credential holds. The tenant is the one the credential proves: a
 * webhook's is the `?tenant=` of the URL HubSpot signed (HubSpot sends no custom header; one app
 * secret may serve several tenants, so an unsigned header must not pick among them); an events
 * batch may name it by `?tenant=` or x-tandem-tenant, checked against that tenant's own key. Two
 * names that disagree are refused.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UsageError } from '../config.js';
import { batchProblem, ingestEvents } from '../sources/events/events.js';
import { SourceError } from '../sources/http.js';
import type { HubSpotConnector } from '../sources/hubspot/connector.js';
import { checkSignatureV3 } from '../sources/hubspot/signature.js';
import { receiveHubSpotEvents, type WebhookEvent } from '../sources/hubspot/webhook.js';
import { createConnector } from '../sources/registry.js';
import { type Environment, SourceSettings } from '../sources/settings.js';
import { isDatabaseUnavailable, type RevenueDatabase } from '../store/database.js';
import { TenantStore } from '../store/tenant-store.js';
import { findTenant } from '../store/tenants.js';

const maxBodyBytes = 5 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleIngest(
  req: IncomingMessage,
  res: ServerResponse,
  database: RevenueDatabase,
  env: Environment = process.env,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    if (url.pathname !== '/ingest/events' && url.pathname !== '/ingest/hubspot') {
      throw new HttpProblem(
        404,
        `Not found: ${url.pathname}. Ingest endpoints: POST /ingest/events, POST /ingest/hubspot`,
      );
    }
    if (req.method !== 'POST') throw new HttpProblem(405, `${url.pathname} takes POST, got ${req.method}`);
    const tenantId = tenantNamed(req, url);
    const result =
      url.pathname === '/ingest/events'
        ? await events(req, tenantId, database, env)
        : await hubspot(req, tenantId, database, publicUri(req, env), env);
    send(res, 200, result);
  } catch (error) {
    if (error instanceof HttpProblem) return send(res, error.status, { error: error.message });
    if (error instanceof SourceError) return send(res, 502, { error: error.message });
    if (isDatabaseUnavailable(error)) {
      res.setHeader('retry-after', '5');
      return send(res, 503, {
        error: 'the database did not answer in time: send it again (a repeated delivery is applied once)',
      });
    }
    throw error;
  }
}

/** The tenant the request names; a webhook's only by the URL HubSpot signed. */
function tenantNamed(req: IncomingMessage, url: URL): string {
  const query = url.searchParams.get('tenant');
  const header = req.headers['x-tandem-tenant'] as string | undefined;
  const shown = (value: string) => value.slice(0, 64);
  if (url.pathname === '/ingest/hubspot' && !query) {
    throw new HttpProblem(
      400,
      'a HubSpot webhook names its tenant in the URL HubSpot signs: set the target URL to /ingest/hubspot?tenant=<id>',
    );
  }
  if (query && header !== undefined && header !== query) {
    throw new HttpProblem(
      400,
      `x-tandem-tenant '${shown(header)}' does not match ?tenant=${shown(query)}: name one tenant`,
    );
  }
  const tenantId = query ?? header;
  if (!tenantId) throw new HttpProblem(400, 'name the tenant with ?tenant=<id> or an x-tandem-tenant header');
  return tenantId;
}

/** The tenant's store, once the caller proved a credential of it (a 404 then tells them nothing new). */
async function authenticatedStore(database: RevenueDatabase, tenantId: string): Promise<TenantStore> {
  if (!(await findTenant(database, tenantId)))
    throw new HttpProblem(404, `unknown tenant '${tenantId.slice(0, 64)}'`);
  return new TenantStore(database, tenantId);
}

async function events(req: IncomingMessage, tenantId: string, database: RevenueDatabase, env: Environment) {
  const key = new SourceSettings(tenantId, 'events', env).text('key');
  const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  // No key (an unknown tenant, or one without the route) answers as a wrong key does.
  if (!key || !sameText(given, key))
    throw new HttpProblem(401, 'missing or wrong events key (Authorization: Bearer <key>)');
  const store = await authenticatedStore(database, tenantId);
  const parsed = parseJson(await readBody(req));
  const problem = batchProblem(parsed);
  if (problem) throw new HttpProblem(problem.startsWith('at most') ? 413 : 400, problem);
  return ingestEvents(store, parsed as { source?: string; events: unknown[] });
}

/**
 * What a tenant without a HubSpot secret (or no tenant at all) is checked against: a random
 * secret, so its deliveries fail exactly as a wrong signature does, with the same answer.
 */
const noSecret = randomBytes(32).toString('base64');

async function hubspot(
  req: IncomingMessage,
  tenantId: string,
  database: RevenueDatabase,
  uri: string,
  env: Environment,
) {
  // Read (at most 5 MB) before the check: the signature covers the body.
  const body = await readBody(req);
  const secret = new SourceSettings(tenantId, 'hubspot', env).secret('client_secret');
  const header = (name: string) => req.headers[name] as string | undefined;
  const problem = checkSignatureV3({
    secret: secret?.reveal() ?? noSecret,
    method: req.method ?? 'POST',
    uri,
    body,
    signature: header('x-hubspot-signature-v3'),
    timestamp: header('x-hubspot-request-timestamp'),
    now: Date.now(),
  });
  if (problem || !secret) throw new HttpProblem(401, problem ?? 'signature does not match');
  const store = await authenticatedStore(database, tenantId);
  const events = parseJson(body);
  if (!Array.isArray(events)) throw new HttpProblem(400, 'a HubSpot webhook body is a JSON array of events');
  let connector: HubSpotConnector;
  try {
    connector = createConnector('hubspot', store.tenantId, env) as HubSpotConnector;
  } catch (error) {
    if (error instanceof UsageError) throw new HttpProblem(503, error.message);
    throw error;
  }
  const report = await receiveHubSpotEvents(store, connector, events as WebhookEvent[]);
  return {
    events: report.events,
    ignored: report.ignored,
    written: report.written,
    duplicates: report.duplicates,
    rejected: report.rejectedRecords.slice(0, 20),
  };
}

/**
 * The URI HubSpot signed: the public origin (TANDEM_PUBLIC_URL behind a proxy that rewrites the
 * host, else the forwarded or direct host and scheme) and the path and query as received.
 */
function publicUri(req: IncomingMessage, env: Environment): string {
  const configured = env.TANDEM_PUBLIC_URL?.replace(/\/$/, '');
  if (configured) return `${configured}${req.url}`;
  const first = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  const scheme =
    first(req.headers['x-forwarded-proto']) ??
    ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  return `${scheme}://${host}${req.url}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpProblem(413, `the body is over ${maxBodyBytes / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, `the body is not JSON: ${(error as Error).message}`);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
