/**
 * Static files: the built widgets under /widgets/ and the demo pages. Paths are resolved inside
 * their folder only; anything that escapes it is a 404.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
  '.graphql': 'text/plain; charset=utf-8',
};

/** Sends `relativePath` from `folder`; returns false when there is no such file. */
export async function sendFile(
  res: ServerResponse,
  folder: string,
  relativePath: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const path = normalize(join(folder, relativePath));
  if (!path.startsWith(normalize(folder) + sep) && path !== normalize(folder)) return false;
  const target = await stat(path).then(
    async (info) => (info.isDirectory() ? join(path, 'index.html') : path),
    () => null,
  );
  const info = target ? await stat(target).catch(() => null) : null;
  if (!target || !info?.isFile()) return false;
  res.writeHead(200, {
    'content-type': types[extname(target)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-cache',
    ...headers,
  });
  createReadStream(target).pipe(res);
  return true;
}

/** `path` with its percent-encoding decoded; null when that encoding is malformed (`/%`), a 400. */
export function decodedPath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}
