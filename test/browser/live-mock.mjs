/**
 * The live half of the widgets' GraphQL stand-in (web-test-runner.config.mjs): a POST to
 * /test-graphql/<session>/graphql that asks for `text/event-stream` gets a held-open stream of
 * server-sent events instead of a canned answer. The test drives the streams:
 *   POST /test-live/<session>/push     body: { count? }: sends `count` (1) `event: next` frames to every open stream
 *   POST /test-live/<session>/drop     ends every open stream (a broken connection)
 *   POST /test-live/<session>/refuse   body: { status }: answers the next stream requests with that status
 *   GET  /test-live/<session>/streams  { open, requests: [{ authorization, tenant, accept, body }] }
 */
const sessions = new Map();

function sessionOf(id) {
  if (!sessions.has(id)) sessions.set(id, { open: new Set(), requests: [], refuse: 0 });
  return sessions.get(id);
}

async function readJson(request) {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

const frame = () =>
  `event: next\ndata: ${JSON.stringify({ data: { metricsChanged: { at: new Date().toISOString() } } })}\n\n`;

export async function liveMock(ctx, next) {
  const stream = /^\/test-graphql\/([\w-]+)\/graphql$/.exec(ctx.path);
  if (stream && ctx.method === 'POST' && (ctx.get('accept') || '').includes('text/event-stream')) {
    const session = sessionOf(stream[1]);
    session.requests.push({
      authorization: ctx.get('authorization') || null,
      tenant: ctx.get('x-tandem-tenant') || null,
      accept: ctx.get('accept'),
      body: await readJson(ctx.req),
    });
    if (session.refuse) {
      ctx.status = session.refuse;
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({
        errors: [{ message: 'refused', extensions: { code: 'OPERATION_NOT_ALLOWED' } }],
      });
      return;
    }
    // Written by hand and held open: Koa would otherwise end the response when this returns.
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':\n\n');
    session.open.add(res);
    res.on('close', () => session.open.delete(res));
    return;
  }
  const control = /^\/test-live\/([\w-]+)\/(push|drop|refuse|streams)$/.exec(ctx.path);
  if (!control) return next();
  const [, id, action] = control;
  const session = sessionOf(id);
  if (action === 'streams') {
    ctx.body = { open: session.open.size, requests: session.requests };
    return;
  }
  const body = (await readJson(ctx.req)) ?? {};
  if (action === 'push') {
    for (const res of session.open) res.write(Array.from({ length: body.count ?? 1 }, frame).join(''));
  } else if (action === 'drop') {
    for (const res of session.open) res.end();
    session.open.clear();
  } else if (action === 'refuse') {
    session.refuse = body.status ?? 0;
  }
  ctx.status = 204;
}
