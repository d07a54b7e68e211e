/**
 * The serving gateway's live updates, over a real port with the browser's own `fetch`, the way a
 * widget subscribes: createGateway starts the bridge (a committed write reaches the stream with
 * every plugin of the real server in the way, the response cache included) and close() stops it.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantSecuritySettings } from '../../gateway/auth/tenant-security.js';
import { ingestRecords } from '../../gateway/ingest/ingest.js';
import { emptyMetricsEvent } from '../../gateway/live/events.js';
import { createLivePubSub } from '../../gateway/live/pubsub.js';
import { createGateway, type Gateway } from '../../gateway/server/app.js';
import { TenantStore } from '../../gateway/store/tenant-store.js';
import { ensureTenant } from '../../gateway/store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { testSecret, testTenants, testToken } from '../support/gateway.js';
import { until } from './sse.js';

describe('live updates of the serving gateway', () => {
  let test: TestDatabase;
  let gateway: Gateway;
  let base = '';
  const pubsub = createLivePubSub();

  beforeAll(async () => {
    test = await createTestDatabase('sqlite');
    for (const tenant of testTenants) await ensureTenant(test.database, tenant);
    const security = new TenantSecuritySettings({
      TANDEM_ACME_TOKEN_SECRET: new TextDecoder().decode(testSecret('acme')),
    });
    gateway = createGateway({ database: test.database, security, pubsub });
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    gateway.server.closeAllConnections();
    await new Promise((resolve) => gateway.server.close(resolve));
    await test.drop();
  });

  const ingest = () =>
    ingestRecords(new TenantStore(test.database, 'acme'), [
      {
        kind: 'person',
        system: 'csv',
        objectType: 'record',
        sourceId: `P${Math.random()}`,
        createdAt: 1,
        updatedAt: 1,
      },
    ]);

  /** Opens the widgets' subscription with fetch and returns the text read until `stop` says so. */
  async function stream(
    stop: (text: string) => boolean,
  ): Promise<{ opened: Promise<void>; text: Promise<string> }> {
    const token = await testToken({ tenant: 'acme', role: 'viewer' });
    const controller = new AbortController();
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        query: 'subscription TandemLive { metricsChanged { at } }',
        operationName: 'TandemLive',
      }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    return {
      opened: until(() => pubsub.subscribers('metrics:acme') > 0, 'the subscriber'),
      text: (async () => {
        while (!stop(text)) text += decoder.decode((await reader.read()).value, { stream: true });
        controller.abort();
        return text;
      })(),
    };
  }

  it('streams a committed write to a widget’s subscription', async () => {
    const live = await stream((text) => text.includes('event: next'));
    await live.opened;
    await ingest();
    expect(await live.text).toMatch(/event: next\ndata: \{"data":\{"metricsChanged":\{"at":"20\d\d-/);
    await until(() => pubsub.subscribers('metrics:acme') === 0, 'the aborted stream to let go');
  });

  it('stops bridging writes once closed', async () => {
    await gateway.close();
    const live = await stream((text) => text.includes('"at":"1970-'));
    await live.opened;
    await ingest(); // no longer bridged: the marker below is the first event
    pubsub.publish('metrics', 'acme', { ...emptyMetricsEvent('acme', 'ingest', 0), campaigns: 1 });
    const text = await live.text;
    expect(text.match(/event: next/g)).toHaveLength(1);
  });
});
