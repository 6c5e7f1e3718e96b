/**
 * The schema text, generated from entities.ts in the query-node's shape: `<Type>WhereInput` with the operator
 * suffixes per field type, `<Type>OrderByInput` enums (`field_ASC`, `field_DESC_NULLS_LAST`, one level into single
 * relations: `location_latitude_ASC`), list / byId / Connection queries per entity, and `squidStatus`.
 */
import { ENUMS, OBJECTS, connectionTypeName, edgeTypeName, fieldKind, targetOf, type FieldDef, type ObjectDef } from './entities';

const ORDER_OPS = ['_eq', '_not_eq', '_gt', '_gte', '_lt', '_lte', '_in', '_not_in'] as const;
const TEXT_OPS = ['_contains', '_not_contains', '_containsInsensitive', '_not_containsInsensitive', '_startsWith', '_not_startsWith', '_endsWith', '_not_endsWith'] as const;

/** The where operators a field type takes (beyond `_isNull`, which all have). */
export function operatorsOf(field: FieldDef): readonly string[] {
  switch (fieldKind(field)) {
    case 'enum':
      return ['_eq', '_not_eq', '_in', '_not_in'];
    case 'scalar':
      if (field.type === 'Boolean') return ['_eq', '_not_eq'];
      return field.type === 'String' ? [...ORDER_OPS, ...TEXT_OPS] : ORDER_OPS;
    default:
      return [];
  }
}

export const LIST_OPS = ['_every', '_some', '_none'] as const;
export const DIRECTIONS = ['ASC', 'DESC', 'ASC_NULLS_FIRST', 'ASC_NULLS_LAST', 'DESC_NULLS_FIRST', 'DESC_NULLS_LAST'] as const;

function outputType(field: FieldDef): string {
  if (field.list) return `[${field.type}!]!`;
  return field.nullable ? field.type : `${field.type}!`;
}

function listArgs(object: ObjectDef): string {
  return `(where: ${object.name}WhereInput, orderBy: [${object.name}OrderByInput!], offset: Int, limit: Int)`;
}

function objectType(object: ObjectDef): string {
  const fields = object.fields.map((f) => `  ${f.name}${f.list ? listArgs(targetOf(f)) : ''}: ${outputType(f)}`);
  return `type ${object.name} {\n${fields.join('\n')}\n}`;
}

function whereInput(object: ObjectDef): string {
  const lines: string[] = [];
  for (const field of object.fields) {
    const kind = fieldKind(field);
    if (kind === 'list') {
      for (const op of LIST_OPS) lines.push(`${field.name}${op}: ${field.type}WhereInput`);
      continue;
    }
    lines.push(`${field.name}_isNull: Boolean`);
    if (kind === 'object') {
      lines.push(`${field.name}: ${field.type}WhereInput`);
      continue;
    }
    for (const op of operatorsOf(field)) lines.push(`${field.name}${op}: ${op.endsWith('_in') ? `[${field.type}!]` : field.type}`);
  }
  // Embedded objects (NodePower) take no AND / OR of their own, as in the query-node.
  if (object.plural) lines.push(`AND: [${object.name}WhereInput!]`, `OR: [${object.name}WhereInput!]`);
  return `input ${object.name}WhereInput {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

const sortable = (field: FieldDef) => ['scalar', 'enum'].includes(fieldKind(field));

/** The orderBy keys of a type: its scalar fields, then one level into its single relations. */
export function orderKeys(object: ObjectDef): string[] {
  const keys: string[] = [];
  for (const field of object.fields) {
    if (sortable(field)) keys.push(field.name);
    else if (fieldKind(field) === 'object') keys.push(...targetOf(field).fields.filter(sortable).map((f) => `${field.name}_${f.name}`));
  }
  return keys;
}

function orderEnum(object: ObjectDef): string {
  const values = orderKeys(object).flatMap((key) => DIRECTIONS.map((d) => `${key}_${d}`));
  return `enum ${object.name}OrderByInput {\n${values.map((v) => `  ${v}`).join('\n')}\n}`;
}

function connectionTypes(entity: ObjectDef): string {
  return [
    `type ${edgeTypeName(entity)} {\n  node: ${entity.name}!\n  cursor: String!\n}`,
    `type ${connectionTypeName(entity)} {\n  edges: [${edgeTypeName(entity)}!]!\n  pageInfo: PageInfo!\n  totalCount: Int!\n}`,
  ].join('\n\n');
}

function queryFields(entity: ObjectDef): string[] {
  const single = entity.name[0]!.toLowerCase() + entity.name.slice(1);
  return [
    `${entity.plural}${listArgs(entity)}: [${entity.name}!]!`,
    `${single}ById(id: String!): ${entity.name}`,
    `${single}ByUniqueInput(where: WhereIdInput!): ${entity.name} @deprecated(reason: "Use ${single}ById")`,
    `${entity.plural}Connection(orderBy: [${entity.name}OrderByInput!]!, after: String, first: Int, where: ${entity.name}WhereInput): ${connectionTypeName(entity)}!`,
  ];
}

export const ENTITIES: readonly ObjectDef[] = OBJECTS.filter((o) => o.plural !== undefined);

export function buildSdl(): string {
  const parts = [
    '"""Big integers (u64, u128 amounts) travel as decimal strings."""\nscalar BigInt',
    ...Object.entries(ENUMS).map(([name, values]) => `enum ${name} {\n${values.map((v) => `  ${v}`).join('\n')}\n}`),
    ...OBJECTS.flatMap((o) => [objectType(o), whereInput(o), orderEnum(o)]),
    ...ENTITIES.map(connectionTypes),
    'input WhereIdInput {\n  id: String!\n}',
    'type PageInfo {\n  hasNextPage: Boolean!\n  hasPreviousPage: Boolean!\n  startCursor: String!\n  endCursor: String!\n}',
    'type SquidStatus {\n  """The last block the indexer applied."""\n  height: Int\n}',
    `type Query {\n${[...ENTITIES.flatMap(queryFields), 'squidStatus: SquidStatus'].map((l) => `  ${l}`).join('\n')}\n}`,
  ];
  return parts.join('\n\n');
}

