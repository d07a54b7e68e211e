/**
 * Refuses a `first` or `last` above the largest page before any SQL runs, for every field of the
 * schema, current and future: a connection that forgets its own check is still bounded. The
 * message and code are the ones the connections themselves use (PAGE_TOO_LARGE), with status 400.
 */
import { type ArgumentNode, Kind, visit } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export interface PageSizeLimitOptions {
  /** Largest page. */
  max: number;
  /** Arguments that size a page. @default ['first', 'last'] */
  arguments?: string[];
}

export function usePageSizeLimit(options: PageSizeLimitOptions): Plugin {
  const names = new Set(options.arguments ?? ['first', 'last']);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const defaults = new Map<string, unknown>();
      let problem: string | undefined;
      const sizeOf = (node: ArgumentNode): unknown => {
        if (node.value.kind === Kind.INT) return Number(node.value.value);
        if (node.value.kind === Kind.VARIABLE) {
          const name = node.value.name.value;
          return name in variables ? variables[name] : defaults.get(name);
        }
        return undefined;
      };
      visit(args.document, {
        VariableDefinition(node) {
          if (node.defaultValue?.kind === Kind.INT)
            defaults.set(node.variable.name.value, Number(node.defaultValue.value));
        },
      });
      visit(args.document, {
        Argument(node) {
          if (problem || !names.has(node.name.value)) return;
          const value = sizeOf(node);
          if (typeof value === 'number' && value > options.max)
            problem = `${node.name.value} must be at most ${options.max}, got ${value}`;
        },
      });
      if (problem) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(problem, { extensions: { code: 'PAGE_TOO_LARGE', http: { status: 400 } } }),
          ],
        });
      }
    },
  };
}
