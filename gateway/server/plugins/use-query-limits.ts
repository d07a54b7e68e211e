/**
 * Token, depth, alias, directive and cost limits, answered like every other refusal: status 400,
 * a code per limit, and a message that names the limit and what was found. The token limit is
 * counted by graphql-js's lexer before anything is parsed; depth, aliases and cost are
 * graphql-armor's validation rules, directives our own (query-directives.ts). graphql-armor throws
 * its rejections out of validation (which yoga answers with 200, as if the query had run) and
 * prefixes them "Syntax Error"; here each is reported as the validation error it is instead.
 *
 * graphql-armor multiplies a list's cost by `first` only when it is written inline, and validation
 * (cached per document) never sees variables: a page size given by a variable, or by its default,
 * is costed again before execution with its value, so `first: $n` costs what `first: 500` does.
 * The numbers and why they are what they are: limits.ts.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type DocumentNode,
  type GraphQLError,
  Kind,
  Lexer,
  Source,
  TokenKind,
  validate,
  visit,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Limits } from '../limits.js';
import { maxDirectivesRule } from './query-directives.js';

type QueryLimits = Pick<Limits, 'maxDepth' | 'maxAliases' | 'maxTokens' | 'maxDirectives' | 'maxCost'>;

const costAdvice =
  'Ask for fewer fields or smaller pages (cost: 1 per scalar, 2 per object, ×1.5 per level, × first).';

/** The refusal for what a limit rule found: its message without armor's "Syntax Error" prefix. */
function refusalOf(code: string, advice: string, found: Error): GraphQLError {
  // spec: false — 400 even for application/json: the query was refused, not run (GraphQL-over-HTTP leaves 200 for plain validation errors).
  return createGraphQLError(`${found.message.replace(/^Syntax Error: /, '')} ${advice}`, {
    extensions: { code, http: { status: 400, spec: false } },
  });
}

function refuse(code: string, advice: string): GraphQLArmorRejectCallback {
  return (context, error) => context?.reportError(refusalOf(code, advice, error));
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

/**
 * `document` with each `first`/`last` given by a variable written as the number it is (the
 * variable's value, else its default); the same document when there is none.
 */
export function withPageSizesInline(
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): DocumentNode {
  const defaults = new Map<string, number>();
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue?.kind === Kind.INT)
        defaults.set(node.variable.name.value, Number(node.defaultValue.value));
    },
  });
  return visit(document, {
    Argument(node) {
      if ((node.name.value !== 'first' && node.name.value !== 'last') || node.value.kind !== Kind.VARIABLE)
        return undefined;
      const name = node.value.name.value;
      const size = name in variables ? variables[name] : defaults.get(name);
      if (!Number.isSafeInteger(size)) return undefined; // not a number: coercion refuses it
      return { ...node, value: { kind: Kind.INT, value: String(size) } };
    },
  });
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
    onValidate({ addValidationRule }) {
      addValidationRule(
        maxDirectivesRule(limits.maxDirectives, (found) =>
          refusalOf('DIRECTIVE_LIMIT', 'Send fewer directives per request.', found),
        ),
      );
    },
    onExecute({ args, setResultAndStopExecution }) {
      const inline = withPageSizesInline(
        args.document,
        (args.variableValues ?? {}) as Record<string, unknown>,
      );
      if (inline === args.document) return; // costed in validation already
      let refusal: GraphQLError | undefined;
      const rule = costLimitRule({
        maxCost: limits.maxCost,
        propagateOnRejection: false,
        onReject: [
          (_context, error) => {
            refusal = refusalOf('COST_LIMIT', costAdvice, error);
          },
        ],
      });
      validate(args.schema, inline, [rule]);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
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
    // Counted above (query-directives.ts): armor's count skips a fragment's second spread's own
    // directives, and variable definitions'.
    maxDirectives: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ...rejecting('COST_LIMIT', costAdvice) },
    // Analysts may introspect anyway, and a viewer's own text never reaches validation.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
