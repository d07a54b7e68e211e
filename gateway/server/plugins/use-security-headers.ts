/**
 * Headers on every GraphQL answer: never cached by a proxy or the browser (the data is per token),
 * never sniffed into HTML, never framed (GraphiQL included: framing it would invite clickjacking).
 */
import type { Plugin } from 'graphql-yoga';
import { isGraphQLPath } from './rejection.js';

export function useSecurityHeaders(options: { endpoint?: string } = {}): Plugin {
  return {
    onResponse({ request, response }) {
      if (!isGraphQLPath(new URL(request.url).pathname, options.endpoint)) return;
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('content-security-policy', "frame-ancestors 'none'");
      if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    },
  };
}
