/**
 * Headers on every GraphQL answer: never cached by a proxy or the browser (the data is per token),
 * never sniffed into HTML, never framed (GraphiQL included: framing it would invite clickjacking).
 * The GraphiQL page also may load nothing but the gateway's own assets (graphiql.ts).
 */
import type { Plugin } from 'graphql-yoga';
import { graphiqlPagePolicy } from '../graphiql.js';
import { isGraphQLPath } from './rejection.js';

export function useSecurityHeaders(options: { endpoint?: string } = {}): Plugin {
  return {
    onResponse({ request, response }) {
      if (!isGraphQLPath(new URL(request.url).pathname, options.endpoint)) return;
      const page = response.headers.get('content-type')?.startsWith('text/html');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('content-security-policy', page ? graphiqlPagePolicy : "frame-ancestors 'none'");
      if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-store');
    },
  };
}
