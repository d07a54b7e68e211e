/** The shared HTTP client's rules, unit by unit: backoff, Retry-After, bounds, redaction. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, SourceError, SourceHttp } from '../../gateway/sources/http.js';
import { redactUrl, Secret } from '../../gateway/sources/secret.js';
import { FakeServer } from './fakes/fake-server.js';

describe('source HTTP', () => {
  it('waits exponentially longer, with jitter, within bounds', () => {
    const low = new SourceHttp({
      vendor: 'x',
      policy: { baseDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 0,
    });
    const high = new SourceHttp({
      vendor: 'x',
      policy: { baseDelayMs: 100, maxDelayMs: 1_000 },
      random: () => 0.999,
    });
    expect([1, 2, 3, 4, 5, 6].map((n) => low.backoff(n))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => high.backoff(n))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), now)).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('honours Retry-After, gives up after the last attempt, and refuses to wait too long', async () => {
    const server = await new FakeServer(() => ({ json: { ok: true } })).start();
    try {
      const waits: number[] = [];
      const http = new SourceHttp({
        vendor: 'demo',
        policy: { attempts: 3, longestWaitMs: 5_000 },
        sleep: async (ms) => void waits.push(ms),
        random: () => 0,
      });
      server.inject(/./, { status: 429, body: '{}', headers: { 'retry-after': '2' } });
      expect(await http.json({ url: `${server.url}/a` })).toEqual({ ok: true });
      expect(waits).toEqual([2_000]);
      server.inject(/./, { status: 500, body: 'a' }, { status: 502, body: 'b' }, { status: 503, body: 'c' });
      await expect(http.json({ url: `${server.url}/b` })).rejects.toThrow(
        `demo GET ${server.url}/b: gave up after 3 attempts; the last: HTTP 503 c`,
      );
      server.inject(/./, { status: 429, body: '', headers: { 'retry-after': '3600' } });
      const error = await http.json({ url: `${server.url}/c` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect((error as Error).message).toMatch(/asked to wait 3600 s/);
      server.inject(/./, { status: 404, body: '{"message":"no such thing"}' });
      await expect(http.json({ url: `${server.url}/d` })).rejects.toThrow(
        'HTTP 404 {"message":"no such thing"}',
      );
    } finally {
      await server.close();
    }
  });

  it('retries a refused connection, then says what happened', async () => {
    const http = new SourceHttp({ vendor: 'demo', policy: { attempts: 2, baseDelayMs: 1 } });
    await expect(http.json({ url: 'http://127.0.0.1:1/x' })).rejects.toThrow(
      /gave up after 2 attempts; the last: connection failed: fetch failed/,
    );
  });

  it('keeps credentials out of messages and logs', () => {
    const secret = new Secret('hunter2');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ secret })).not.toContain('hunter2');
    expect(
      redactUrl(
        'https://m.example/identity/oauth/token?grant_type=client_credentials&client_id=abc&client_secret=hunter2',
      ),
    ).toBe(
      'https://m.example/identity/oauth/token?grant_type=client_credentials&client_id=abc&client_secret=***',
    );
  });
});
