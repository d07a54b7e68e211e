import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { liveMock } from './test/browser/live-mock.mjs';

/**
 * A programmable GraphQL stand-in for the widgets' network tests (no fetch monkey-patching):
 *   POST /test-graphql/<session>/setup     body: [{ status?, delay?, body? }, …] — the canned answers,
 *                                          served in order; the last one repeats.
 *   POST /test-graphql/<session>/graphql   answers with the next canned response and records the request.
 *   GET  /test-graphql/<session>/requests  the recorded requests: [{ authorization, tenant, body }].
 * A widget under test gets endpoint="/test-graphql/<session>". Subscription streams (the `live`
 * attribute) are served by test/browser/live-mock.mjs, first in line.
 */
const sessions = new Map();

async function readJson(request) {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

async function graphqlMock(ctx, next) {
  const match = /^\/test-graphql\/([\w-]+)\/(setup|graphql|requests)$/.exec(ctx.path);
  if (!match) return next();
  const [, id, action] = match;
  if (!sessions.has(id)) sessions.set(id, { responses: [], requests: [] });
  const session = sessions.get(id);
  if (action === 'setup' && ctx.method === 'POST') {
    session.responses = (await readJson(ctx.req)) ?? [];
    session.requests = [];
    ctx.status = 204;
    return;
  }
  if (action === 'requests') {
    ctx.body = session.requests;
    return;
  }
  if (ctx.method !== 'POST') return next();
  const header = (name) => ctx.get(name) || null;
  session.requests.push({
    authorization: header('authorization'),
    tenant: header('x-tandem-tenant'),
    body: await readJson(ctx.req),
  });
  const answer = (session.responses.length > 1 ? session.responses.shift() : session.responses[0]) ?? {
    status: 404,
  };
  if (answer.delay) await new Promise((resolve) => setTimeout(resolve, answer.delay));
  ctx.status = answer.status ?? 200;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(answer.body ?? {});
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  middleware: [liveMock, graphqlMock],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
};
