/**
 * GraphiQL from the gateway itself, so it opens on an intranet without internet. Yoga's own page
 * loads its scripts, styles and Monaco's workers from unpkg.com; this one loads the same build
 * (`@graphql-yoga/render-graphiql`, released with graphql-yoga, assets prebuilt: no build step)
 * from /graphiql/<version>/. The page is a few hundred bytes with its options as inert JSON; the
 * assets (5.3 MB script, 0.8 MB styles, 2.7 MB of workers; 2.4 MB gzipped) are cached by the
 * browser for good, since their address changes with their content. The page's CSP lets it
 * load nothing from anywhere else.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';
import { escapeHtml } from './pages/html.js';

/** Where the assets are served (app.ts routes it here). */
export const graphiqlAssetsPath = '/graphiql/';

/**
 * The page's Content-Security-Policy: its own origin only. Styles inline (Monaco and React set
 * them), fonts and images as data: URLs (the bundled CSS carries them), workers from the origin.
 */
export const graphiqlPagePolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Monaco asks for a worker by label; each label's file. */
const workerFiles = {
  editorWorkerService: 'editor.worker.js',
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
};

/**
 * Sets Monaco's worker addresses before GraphiQL loads (what yoga's page does with blobs fetched
 * from unpkg), then renders GraphiQL with the options the page carries as JSON.
 */
const bootScript = `(() => {
  const here = document.currentScript.src.replace(/[^/]*$/, '');
  const workers = ${JSON.stringify(workerFiles)};
  self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_, label) => here + workers[label] };
  const options = JSON.parse(document.getElementById('graphiql-options').textContent);
  const graphiql = document.createElement('script');
  graphiql.src = here + 'yoga-graphiql.js';
  graphiql.onload = () => YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  document.head.append(graphiql);
})();
`;

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Promise<Buffer>;
}

const script = 'text/javascript; charset=utf-8';
let assets: Promise<Map<string, Asset>> | undefined;

/** The assets by file name; the 9 MB bundle is read on the first GraphiQL request, not at start. */
function graphiqlAssets(): Promise<Map<string, Asset>> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then(
    (bundle) =>
      new Map<string, Asset>([
        ['boot.js', { type: script, body: Buffer.from(bootScript) }],
        ['yoga-graphiql.js', { type: script, body: Buffer.from(bundle.js) }],
        ['graphiql.css', { type: 'text/css; charset=utf-8', body: Buffer.from(bundle.css) }],
        [workerFiles.editorWorkerService, { type: script, body: Buffer.from(bundle.editorWorkerService) }],
        [workerFiles.json, { type: script, body: Buffer.from(bundle.jsonWorker) }],
        [workerFiles.graphql, { type: script, body: Buffer.from(bundle.graphqlWorker) }],
        ['favicon.ico', { type: 'image/x-icon', body: dataUrlBytes(bundle.favicon) }],
      ]),
  );
  return assets;
}

function dataUrlBytes(url: string): Buffer {
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

let version: Promise<string> | undefined;

/** A digest of every asset: their folder's name, so a new bundle is a new address. */
export function graphiqlVersion(): Promise<string> {
  version ??= graphiqlAssets().then((all) => {
    const hash = createHash('sha256');
    for (const [name, asset] of all) hash.update(name).update(asset.body);
    return hash.digest('hex').slice(0, 12);
  });
  return version;
}

/** Yoga's `renderGraphiQL`: the page, its options as JSON that no value can break out of. */
export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const base = `${graphiqlAssetsPath}${await graphiqlVersion()}/`;
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="${base}favicon.ico">
<link rel="stylesheet" href="${base}graphiql.css">
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${base}boot.js"></script>
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root"></div>
</body>
</html>
`;
}

const gzipped = promisify(gzip);

/**
 * Serves GET /graphiql/<version>/<file>; false when there is no such asset (the caller's 404). An old
 * version's address still answers, with today's file, but is not cached, so a page rendered before
 * an upgrade still loads.
 */
export async function sendGraphiQLAsset(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const [folder, name, ...rest] = path.slice(graphiqlAssetsPath.length).split('/');
  const asset = rest.length === 0 && name ? (await graphiqlAssets()).get(name) : undefined;
  if (!asset) return false;
  const current = folder === (await graphiqlVersion());
  const headers: Record<string, string | number> = {
    'content-type': asset.type,
    'cache-control': current ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  let body = asset.body;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && body.length > 1024) {
    asset.gzipped ??= gzipped(asset.body, { level: 9 });
    body = await asset.gzipped;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
