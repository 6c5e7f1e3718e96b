/**
 * The executable schema: the generated SDL parsed by graphql-js, the BigInt scalar (decimal strings out; strings or
 * integers in, as the query-node accepts them), and resolvers that read rows from the per-request `IndexRows`.
 */
import { buildSchema, GraphQLError, GraphQLObjectType, GraphQLScalarType, Kind, type GraphQLFieldResolver, type GraphQLSchema, type ValueNode } from 'graphql';
import { fieldKind, OBJECTS, targetOf, type ObjectDef } from './entities';
import type { IndexRows, Row } from './rows';
import { buildSdl, ENTITIES } from './sdl';
import { connection, selectRows, type ConnectionArgs, type ListArgs } from './select';

export interface GraphqlContext {
  readonly rows: IndexRows;
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,40}$/.test(value)) return BigInt(value);
  throw new GraphQLError(`BigInt cannot represent ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
}

function bigIntLiteral(node: ValueNode): bigint {
  if (node.kind === Kind.INT || node.kind === Kind.STRING) return toBigInt(node.value);
  throw new GraphQLError(`BigInt cannot represent a ${node.kind} literal`, { nodes: node });
}

function configureBigInt(schema: GraphQLSchema): void {
  const scalar = schema.getType('BigInt') as GraphQLScalarType;
  scalar.serialize = (value: unknown) => toBigInt(value).toString();
  scalar.parseValue = toBigInt;
  scalar.parseLiteral = bigIntLiteral;
}

const byId = (rows: readonly Row[], id: string) => rows.find((r) => r.id === id) ?? null;
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

function rootResolvers(entity: ObjectDef): Record<string, GraphQLFieldResolver<unknown, GraphqlContext>> {
  return {
    [entity.plural!]: (_src, args, { rows }) => selectRows(rows.of(entity.name), entity, args as ListArgs),
    [`${lowerFirst(entity.name)}ById`]: (_src, args, { rows }) => byId(rows.of(entity.name), (args as { id: string }).id),
    [`${lowerFirst(entity.name)}ByUniqueInput`]: (_src, args, { rows }) => byId(rows.of(entity.name), (args as { where: { id: string } }).where.id),
    [`${entity.plural}Connection`]: (_src, args, { rows }) => connection(rows.of(entity.name), entity, args as ConnectionArgs),
  };
}

export function buildGridSchema(): GraphQLSchema {
  const schema = buildSchema(buildSdl());
  configureBigInt(schema);
  const queryFields = schema.getQueryType()!.getFields();
  const resolvers: Record<string, GraphQLFieldResolver<unknown, GraphqlContext>> = Object.assign(
    { squidStatus: (_src: unknown, _args: unknown, { rows }: GraphqlContext) => ({ height: rows.height }) },
    ...ENTITIES.map(rootResolvers),
  );
  for (const [name, resolve] of Object.entries(resolvers)) queryFields[name]!.resolve = resolve;
  // Derived lists (Farm.publicIPs, Node.interfaces) take their own where / orderBy / paging.
  for (const object of OBJECTS) {
    const type = schema.getType(object.name) as GraphQLObjectType;
    for (const field of object.fields.filter((f) => fieldKind(f) === 'list')) {
      const target = targetOf(field);
      type.getFields()[field.name]!.resolve = (src, args) => selectRows(((src as Row)[field.name] as Row[] | undefined) ?? [], target, args as ListArgs);
    }
  }
  return schema;
}
