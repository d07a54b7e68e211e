/**
 * Which roles may run which kind of operation: by default mutations need an analyst or an admin.
 * The resolvers check finer rules themselves (requireRole in schema/closed-loop.ts: definitions
 * need an admin); this guards every mutation, current and future, in one place, so a viewer token
 * can never write even if the allow-list of its operations were wrong.
 */
import { getOperationAST } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Context, Viewer } from '../../../schema/builder.js';

export interface OperationRolesOptions {
  /** Roles that may run mutations. @default ['analyst', 'admin'] */
  mutation?: Viewer['role'][];
}

export function useOperationRoles(options: OperationRolesOptions = {}): Plugin {
  const mutation = options.mutation ?? ['analyst', 'admin'];
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const { viewer } = args.contextValue as unknown as Context;
      if (mutation.includes(viewer.role)) return;
      setResultAndStopExecution({
        errors: [
          createGraphQLError(
            `changes need the role ${mutation.join(' or ')}; ${viewer.name} is ${viewer.role}`,
            {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            },
          ),
        ],
      });
    },
  };
}
