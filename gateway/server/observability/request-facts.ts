/**
 * What is learnt about a request while it is handled (its id, and for GraphQL the tenant and the
 * operation), kept beside the Node request until its response is finished and logged. The HTTP
 * layer (request-log.ts) makes the record; the GraphQL layer (use-operation-observability.ts)
 * fills it in through yoga's server context, which carries the Node request.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestFacts {
  requestId: string;
  startedAt: number;
  tenant?: string;
  operation?: string;
  operationType?: OperationType;
}

export type OperationType = 'query' | 'mutation' | 'subscription';

const facts = new WeakMap<IncomingMessage, RequestFacts>();

export function recordFacts(req: IncomingMessage, record: RequestFacts): void {
  facts.set(req, record);
}

export function factsOf(req: IncomingMessage | undefined): RequestFacts | undefined {
  return req ? facts.get(req) : undefined;
}
