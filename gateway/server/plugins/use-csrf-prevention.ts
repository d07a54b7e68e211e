/**
 * Cross-site request forgery: a page on another site can make a browser send a "simple" request
 * (a form post, text/plain, a GET from an <img>) without asking first. The bearer token already
 * stops those (a browser never adds it by itself, and adding it forces a CORS preflight); this
 * refuses them outright as well, so no future cookie or ambient credential can reopen the hole:
 * POST bodies must be JSON (415 otherwise) and GET carries no mutation (yoga refuses those).
 */
import type { Plugin } from 'graphql-yoga';
import { isGraphQLPath, rejection } from './rejection.js';

/** Content types a browser may send cross-site without a preflight. */
const simpleTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function useCsrfPrevention(options: { endpoint?: string } = {}): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!isGraphQLPath(url.pathname, options.endpoint) || request.method !== 'POST') return;
      const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!type || simpleTypes.includes(type)) {
        endResponse(
          rejection(
            fetchAPI,
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `POST /graphql takes Content-Type: application/json, got ${type || 'none'} (form and text bodies are refused against cross-site request forgery)`,
          ),
        );
      }
    },
  };
}
