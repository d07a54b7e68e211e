/**
 * Answers an operation that runs longer than `ms` with 503 and EXECUTION_TIMEOUT, so a slow query
 * cannot hold a widget (or a connection's worth of clients) forever. graphql-js cannot be
 * interrupted: the abandoned work finishes in the background and its result is dropped; the
 * timeout bounds the wait, and the cost and page limits bound the work.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useExecutionTimeout(options: { ms: number }): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<{ errors: ReturnType<typeof createGraphQLError>[] }>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({
                errors: [
                  createGraphQLError(
                    `the operation took longer than ${options.ms / 1000} s and was abandoned: narrow the filter or ask for fewer fields`,
                    {
                      extensions: {
                        code: 'EXECUTION_TIMEOUT',
                        http: { status: 503, headers: { 'retry-after': '5' } },
                      },
                    },
                  ),
                ],
              }),
            options.ms,
          );
        });
        const work = Promise.resolve(executeFn(args)).finally(() => clearTimeout(timer));
        return Promise.race([work, timeout]) as ReturnType<typeof executeFn>;
      });
    },
  };
}
