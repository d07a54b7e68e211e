/**
 * Token, depth, alias, directive and cost limits, answered like every other refusal: status 400,
 * a code per limit, and a message that names the limit and what was found. The token limit is
 * counted by graphql-js's lexer before anything is parsed; the others are graphql-armor's
 * validation rules. graphql-armor throws its rejections out of validation (which yoga answers with
 * 200, as if the query had run) and prefixes them "Syntax Error"; here each is reported as the
 * validation error it is instead. The numbers and why they are what they are: limits.ts.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { Lexer, Source, TokenKind } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../limits.js';

type QueryLimits = Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'maxCost'>;

function refuse(code: string, advice: string): GraphQLArmorRejectCallback {
  return (context, error) => {
    const found = error.message.replace(/^Syntax Error: /, '');
    // spec: false — 400 even for application/json: the query was refused, not run (GraphQL-over-HTTP leaves 200 for plain validation errors).
    const refusal = createGraphQLError(`${found} ${advice}`, {
      extensions: { code, http: { status: 400, spec: false } },
    });
    context?.reportError(refusal);
  };
}

/** How many lexical tokens `query` has, counting no further than `max + 1`; 0 when it does not lex (the parser says why). */
export function countTokens(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= max && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    return 0;
  }
  return count;
}

export function useQueryLimits(limits: QueryLimits): Plugin {
  const armor = armorOf(limits);
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(armor);
    },
    onParams({ params, setResult }) {
      if (typeof params.query !== 'string' || countTokens(params.query, limits.maxTokens) <= limits.maxTokens)
        return;
      setResult({
        errors: [
          createGraphQLError(`Token limit of ${limits.maxTokens} exceeded. Send a shorter document.`, {
            extensions: { code: 'TOKEN_LIMIT', http: { status: 400 } },
          }),
        ],
      });
    },
  };
}

function armorOf(limits: QueryLimits): Plugin {
  const rejecting = (code: string, advice: string) => ({
    propagateOnRejection: false,
    onReject: [refuse(code, advice)],
  });
  return EnvelopArmorPlugin({
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ...rejecting('DEPTH_LIMIT', 'Select less deeply nested fields.'),
    },
    maxAliases: {
      n: limits.maxAliases,
      ...rejecting('ALIAS_LIMIT', 'Send fewer aliased fields per request.'),
    },
    maxTokens: { enabled: false }, // counted above, before parsing
    maxDirectives: {
      n: limits.maxDirectives,
      ...rejecting('DIRECTIVE_LIMIT', 'Send fewer directives per request.'),
    },
    costLimit: {
      maxCost: limits.maxCost,
      ...rejecting(
        'COST_LIMIT',
        'Ask for fewer fields or smaller pages (cost: 1 per scalar, 2 per object, ×1.5 per level, × first).',
      ),
    },
    // Analysts may introspect anyway, and a viewer's own text never reaches validation.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
