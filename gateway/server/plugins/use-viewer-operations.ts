/**
 * Viewer tokens run only the widgets' own operations (gateway/auth/widget-operations.ts), and of
 * those only the widgets the token names: a token embedded in a public page cannot be replayed
 * with a query of its holder's choosing, cannot introspect and cannot mutate. The check runs on
 * the request's parameters, before the document is parsed for execution. Analysts and admins
 * pass through.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { principalOf } from '../../auth/principal.js';
import type { WidgetOperations } from '../../auth/widget-operations.js';

export interface ViewerOperationsOptions {
  /** The allow-list, read once at start. */
  operations: () => Promise<WidgetOperations>;
}

export function useViewerOperations(options: ViewerOperationsOptions): Plugin {
  return {
    async onParams({ request, params, setResult }) {
      const claims = principalOf(request)?.claims;
      if (claims?.role !== 'viewer') return;
      const allowed = await options.operations();
      if (allowed.match(params.query, claims.widgets)) return;
      const widgets = claims.widgets ?? allowed.widgets;
      setResult({
        errors: [
          createGraphQLError(
            `a viewer token runs only the operations of its widgets (${widgets.join(', ')}); this document is not one of them. Ask for an analyst token to send other queries.`,
            { extensions: { code: 'OPERATION_NOT_ALLOWED', http: { status: 403 } } },
          ),
        ],
      });
    },
  };
}
