/**
 * The GraphQL object types served, with threefoldtech/tfchain_graphql's names (schema.graphql, v2.12) and the
 * subsquid query-node conventions built on them: every entity has `id: String!`, list queries are the lower-case
 * plural, connections are `<plural>Connection`. One description drives the SDL, the `where` inputs, the `orderBy`
 * enums and the filter evaluator, so a field added here is queryable, filterable and sortable at once.
 */

export type ScalarName = 'String' | 'Int' | 'BigInt' | 'Boolean';

export const ENUMS = {
  ContractState: ['Created', 'Deleted', 'OutOfFunds', 'GracePeriod'],
  FarmCertification: ['NotCertified', 'Gold'],
  NodeCertification: ['Diy', 'Certified'],
  DiscountLevel: ['None', 'Default', 'Bronze', 'Silver', 'Gold'],
  PowerState: ['Up', 'Down'],
  Power: ['Up', 'Down'],
} as const;
export type EnumName = keyof typeof ENUMS;

export interface FieldDef {
  readonly name: string;
  /** A scalar, an enum, or another object type of this file. */
  readonly type: ScalarName | EnumName | string;
  readonly nullable?: boolean;
  /** A derived list (`Farm.publicIPs`): queried with its own where/orderBy/limit/offset, filtered with _some/_every/_none. */
  readonly list?: boolean;
}

export interface ObjectDef {
  readonly name: string;
  readonly fields: readonly FieldDef[];
  /** Entities have an id and root queries; embedded types (NodePower) only appear inside one. */
  readonly plural?: string;
}

const id: FieldDef = { name: 'id', type: 'String' };
const resources = (owner: FieldDef): FieldDef[] => [
  id, owner, { name: 'hru', type: 'BigInt' }, { name: 'sru', type: 'BigInt' }, { name: 'cru', type: 'BigInt' }, { name: 'mru', type: 'BigInt' },
];
const contractCommon: FieldDef[] = [
  id,
  { name: 'gridVersion', type: 'Int' },
  { name: 'contractID', type: 'BigInt' },
  { name: 'twinID', type: 'Int' },
];
const contractTail: FieldDef[] = [
  { name: 'state', type: 'ContractState' },
  { name: 'createdAt', type: 'BigInt' },
  { name: 'solutionProviderID', type: 'Int', nullable: true },
];

export const OBJECTS: readonly ObjectDef[] = [
  {
    name: 'Twin', plural: 'twins', fields: [
      id, { name: 'gridVersion', type: 'Int' }, { name: 'twinID', type: 'Int' }, { name: 'accountID', type: 'String' },
      { name: 'relay', type: 'String', nullable: true }, { name: 'publicKey', type: 'String', nullable: true },
    ],
  },
  {
    name: 'Farm', plural: 'farms', fields: [
      id, { name: 'gridVersion', type: 'Int' }, { name: 'farmID', type: 'Int' }, { name: 'name', type: 'String' },
      { name: 'twinID', type: 'Int' }, { name: 'pricingPolicyID', type: 'Int' },
      { name: 'certification', type: 'FarmCertification', nullable: true },
      { name: 'publicIPs', type: 'PublicIp', list: true },
      { name: 'stellarAddress', type: 'String', nullable: true }, { name: 'dedicatedFarm', type: 'Boolean', nullable: true },
    ],
  },
  {
    name: 'PublicIp', plural: 'publicIps', fields: [
      id, { name: 'farm', type: 'Farm' }, { name: 'gateway', type: 'String' }, { name: 'ip', type: 'String' },
      { name: 'contractId', type: 'BigInt' },
    ],
  },
  {
    name: 'Node', plural: 'nodes', fields: [
      id, { name: 'gridVersion', type: 'Int' }, { name: 'nodeID', type: 'Int' }, { name: 'farmID', type: 'Int' },
      { name: 'twinID', type: 'Int' }, { name: 'location', type: 'Location' },
      { name: 'country', type: 'String', nullable: true }, { name: 'city', type: 'String', nullable: true },
      { name: 'publicConfig', type: 'PublicConfig', nullable: true },
      { name: 'resourcesTotal', type: 'NodeResourcesTotal', nullable: true },
      { name: 'uptime', type: 'BigInt', nullable: true }, { name: 'created', type: 'Int' },
      { name: 'farmingPolicyId', type: 'Int' }, { name: 'interfaces', type: 'Interfaces', list: true },
      { name: 'certification', type: 'NodeCertification', nullable: true },
      { name: 'secure', type: 'Boolean', nullable: true }, { name: 'virtualized', type: 'Boolean', nullable: true },
      { name: 'serialNumber', type: 'String', nullable: true }, { name: 'createdAt', type: 'BigInt' },
      { name: 'updatedAt', type: 'BigInt' }, { name: 'connectionPrice', type: 'Int', nullable: true },
      { name: 'power', type: 'NodePower', nullable: true }, { name: 'dedicated', type: 'Boolean' },
      { name: 'extraFee', type: 'BigInt', nullable: true },
    ],
  },
  { name: 'NodePower', fields: [{ name: 'state', type: 'PowerState' }, { name: 'target', type: 'Power' }] },
  { name: 'NodeResourcesTotal', plural: 'nodeResourcesTotals', fields: resources({ name: 'node', type: 'Node' }) },
  {
    name: 'Interfaces', plural: 'interfaces', fields: [
      id, { name: 'node', type: 'Node' }, { name: 'name', type: 'String' }, { name: 'mac', type: 'String' }, { name: 'ips', type: 'String' },
    ],
  },
  {
    name: 'PublicConfig', plural: 'publicConfigs', fields: [
      id, { name: 'node', type: 'Node' },
      ...['ipv4', 'ipv6', 'gw4', 'gw6', 'domain'].map((name): FieldDef => ({ name, type: 'String', nullable: true })),
    ],
  },
  { name: 'Location', plural: 'locations', fields: [id, { name: 'longitude', type: 'String' }, { name: 'latitude', type: 'String' }] },
  {
    name: 'NodeContract', plural: 'nodeContracts', fields: [
      ...contractCommon, { name: 'nodeID', type: 'Int' }, { name: 'deploymentData', type: 'String' },
      { name: 'deploymentHash', type: 'String' }, { name: 'numberOfPublicIPs', type: 'Int' },
      { name: 'state', type: 'ContractState' }, { name: 'resourcesUsed', type: 'ContractResources', nullable: true },
      { name: 'createdAt', type: 'BigInt' }, { name: 'solutionProviderID', type: 'Int', nullable: true },
    ],
  },
  { name: 'ContractResources', plural: 'contractResources', fields: resources({ name: 'contract', type: 'NodeContract' }) },
  { name: 'NameContract', plural: 'nameContracts', fields: [...contractCommon, { name: 'name', type: 'String' }, ...contractTail] },
  { name: 'RentContract', plural: 'rentContracts', fields: [...contractCommon, { name: 'nodeID', type: 'Int' }, ...contractTail] },
  {
    name: 'NruConsumption', plural: 'nruConsumptions', fields: [
      id, { name: 'contractID', type: 'BigInt' }, { name: 'timestamp', type: 'BigInt' },
      { name: 'window', type: 'BigInt', nullable: true }, { name: 'nru', type: 'BigInt', nullable: true },
    ],
  },
  {
    name: 'ContractBillReport', plural: 'contractBillReports', fields: [
      id, { name: 'contractID', type: 'BigInt' }, { name: 'discountReceived', type: 'DiscountLevel' },
      { name: 'amountBilled', type: 'BigInt' }, { name: 'timestamp', type: 'BigInt' },
    ],
  },
  {
    name: 'FarmingPolicy', plural: 'farmingPolicies', fields: [
      id, { name: 'gridVersion', type: 'Int' }, { name: 'farmingPolicyID', type: 'Int' }, { name: 'name', type: 'String', nullable: true },
      ...['cu', 'su', 'nu', 'ipv4', 'minimalUptime', 'policyCreated', 'policyEnd'].map((name): FieldDef => ({ name, type: 'Int', nullable: true })),
      { name: 'immutable', type: 'Boolean', nullable: true }, { name: 'default', type: 'Boolean', nullable: true },
      { name: 'nodeCertification', type: 'NodeCertification', nullable: true },
      { name: 'farmCertification', type: 'FarmCertification', nullable: true },
    ],
  },
  {
    name: 'UptimeEvent', plural: 'uptimeEvents', fields: [
      id, { name: 'nodeID', type: 'Int' }, { name: 'uptime', type: 'BigInt' }, { name: 'timestamp', type: 'BigInt' },
    ],
  },
];

export const OBJECTS_BY_NAME: ReadonlyMap<string, ObjectDef> = new Map(OBJECTS.map((o) => [o.name, o]));

export type FieldKind = 'scalar' | 'enum' | 'object' | 'list';

export function fieldKind(field: FieldDef): FieldKind {
  if (field.list) return 'list';
  if (field.type in ENUMS) return 'enum';
  if (OBJECTS_BY_NAME.has(field.type)) return 'object';
  return 'scalar';
}

/** The object type a field points at (objects and lists only). */
export function targetOf(field: FieldDef): ObjectDef {
  const target = OBJECTS_BY_NAME.get(field.type);
  if (!target) throw new Error(`${field.name} is not an object field`);
  return target;
}

const upperFirst = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/** `NodesConnection`, `NodeEdge`, as the query-node names them. */
export const connectionTypeName = (entity: ObjectDef) => `${upperFirst(entity.plural!)}Connection`;
export const edgeTypeName = (entity: ObjectDef) => `${entity.name}Edge`;
