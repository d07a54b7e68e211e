/**
 * The common part of the fake vendor servers: node:http on 127.0.0.1, port 0, a log of every
 * request, and faults injected per path that reproduce what real APIs do on a bad day: an error
 * status with a body and headers (429 + Retry-After, 5xx, a vendor error inside a 200), a response
 * slower than the client's timeout, a body cut off mid-way (the connection drops), a body that is
 * not JSON. Each injected fault is used once, in order; `slowMs` slows every response.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  text: string;
  /** The body as JSON, or as a form, or undefined. */
  body: unknown;
}

export interface FakeResponse {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface Fault {
  status?: number;
  /** A raw body (a vendor error, or text that is not JSON). */
  body?: string;
  headers?: Record<string, string>;
  /** Answer only after this long (longer than the client's timeout: a timeout). */
  delayMs?: number;
  /** Send half of a real response, then drop the connection. */
  truncate?: boolean;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  /** Added to every response. */
  slowMs = 0;
  private readonly faults: { path: RegExp; fault: Fault; skip: number }[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly handler: Handler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(error) }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next requests whose path matches get these faults, one each, in order. */
  inject(path: RegExp, ...faults: Fault[]): void {
    for (const fault of faults) this.faults.push({ path, fault, skip: 0 });
  }

  /** Like inject, but the first `skip` matching requests pass untouched. */
  injectAfter(path: RegExp, skip: number, fault: Fault): void {
    this.faults.push({ path, fault, skip });
  }

  /** Faults injected and not used yet. */
  get pendingFaults(): number {
    return this.faults.length;
  }

  count(path: RegExp): number {
    return this.requests.filter((request) => path.test(request.path)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      text,
      body: parseBody(text, req.headers['content-type']),
    };
    this.requests.push(request);
    if (this.slowMs) await pause(this.slowMs);
    const index = this.faults.findIndex((entry) => entry.path.test(request.path));
    let fault: Fault | undefined;
    if (index >= 0 && this.faults[index]!.skip > 0) this.faults[index]!.skip--;
    else if (index >= 0) fault = this.faults.splice(index, 1)[0]!.fault;
    if (fault?.delayMs) await pause(fault.delayMs);
    if (fault && !fault.truncate && (fault.status !== undefined || fault.body !== undefined)) {
      res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? '');
      return;
    }
    const response = await this.handler(request);
    const body = JSON.stringify(response.json ?? {});
    if (fault?.truncate) {
      const bytes = Buffer.from(body);
      res.writeHead(response.status ?? 200, {
        'content-type': 'application/json',
        'content-length': String(bytes.length),
      });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      await pause(5);
      res.socket?.destroy();
      return;
    }
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
    res.end(body);
  }
}

function parseBody(text: string, type: string | undefined): unknown {
  if (!text) return undefined;
  if (type?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
