/**
 * Refuses text containing the NUL character (U+0000) in a document's string literals or in the
 * variables, with 400, before any SQL runs. PostgreSQL cannot store or compare it (an "invalid
 * byte sequence" error, which would surface as an unexplained 500) and SQLite would treat it
 * differently; no CRM value legitimately holds one.
 */
import { visit } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

function nulIn(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, v]) => key.includes('\u0000') || nulIn(v, depth + 1));
}

export function useTextHygiene(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      let where: string | undefined;
      visit(args.document, {
        StringValue(node) {
          if (!where && node.value.includes('\u0000')) where = 'a string in the document';
        },
      });
      for (const [name, value] of Object.entries(args.variableValues ?? {})) {
        if (!where && nulIn(value)) where = `variable $${name}`;
      }
      if (!where) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(`text may not contain the NUL character (\\u0000); found in ${where}`, {
            extensions: { code: 'BAD_TEXT', http: { status: 400 } },
          }),
        ],
      });
    },
  };
}
