/**
 * Bounds on what one request may ask for, checked after validation and before execution: selection depth (the
 * schema's relations are cyclic, PublicIp.farm.publicIPs.farm…, so depth is what bounds the answer's size) and the
 * parser's token count. Introspection (`__schema`, `__type`) is not counted: GraphiQL's standard introspection
 * query is deeper than any data query needs to be.
 */
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export const MAX_DEPTH = 10;
export const MAX_TOKENS = 20_000;

function depthOf(set: SelectionSetNode | undefined, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Validation has already refused fragment cycles and unknown fragments; `seen` only guards the recursion.
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, seen));
      seen.delete(name);
    }
  }
  return deepest;
}

/** The GraphQL errors for operations nested deeper than MAX_DEPTH (none when within bounds). */
export function depthErrors(document: DocumentNode): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const errors: GraphQLError[] = [];
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(d.selectionSet, fragments, new Set());
    if (depth > MAX_DEPTH) errors.push(new GraphQLError(`query is nested ${depth} levels deep; the limit is ${MAX_DEPTH}`, { nodes: d }));
  }
  return errors;
}
