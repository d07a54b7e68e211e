/**
 * The directive limit's count: every directive written in an operation, wherever it stands (a
 * field, a fragment spread, an inline fragment, a variable definition, the operation), plus those
 * of each fragment as many times as it is spread. graphql-armor's rule counted a fragment's body
 * once per spread but the directives of the spread itself only on its first use, so
 * `...F @include(if: true)` repeated passed any limit; it never counted variable definitions.
 */
import {
  type ASTNode,
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  type OperationDefinitionNode,
  type ValidationContext,
  visit,
} from 'graphql';

/** Directives in `operation`, its fragments counted once per spread (each fragment walked once). */
export function countDirectives(
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | null | undefined,
): number {
  const perFragment = new Map<string, number>();
  const inFragment = (name: string): number => {
    const known = perFragment.get(name);
    if (known !== undefined) return known;
    perFragment.set(name, 0); // a cycle counts once; validation refuses it anyway
    const definition = fragment(name);
    const count = definition ? countIn(definition) : 0;
    perFragment.set(name, count);
    return count;
  };
  const countIn = (node: ASTNode): number => {
    let count = 0;
    visit(node, {
      Directive() {
        count++;
      },
      FragmentSpread(spread) {
        count += inFragment(spread.name.value);
      },
    });
    return count;
  };
  return countIn(operation);
}

/** A validation rule refusing an operation with more than `max` directives (`refusal` words it). */
export function maxDirectivesRule(max: number, refusal: (found: Error) => GraphQLError) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const found = countDirectives(operation, (name) => context.getFragment(name));
      if (found > max)
        context.reportError(
          refusal(new GraphQLError(`Directives limit of ${max} exceeded, found ${found}.`)),
        );
      return false; // fragments are followed from their spreads
    },
  });
}
