/**
 * The one shape every refusal before execution takes: a GraphQL-over-HTTP error body
 * `{ errors: [{ message, extensions: { code } }] }` with the status that says what happened,
 * so the widgets' client (GraphQLRequestError: message, status, code) reads them all alike.
 * Built with the server adapter's own `Response` (fetchAPI), which may not be the global one.
 */
export function rejection(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** Whether a path is the GraphQL endpoint (the only place the GraphQL plugins act). */
export function isGraphQLPath(pathname: string, endpoint = '/graphql'): boolean {
  return pathname === endpoint || pathname.startsWith(`${endpoint}/`);
}
