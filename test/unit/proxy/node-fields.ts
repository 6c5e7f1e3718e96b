// The proxy Node fields, written from shared/spec/grid-services.md §3.2 ("Node JSON"), plus `cpu_benchmark`, which
// the upstream type (grid-proxy/pkg/types/nodes.go) also carries.
export const NODE_FIELDS = [
  // identity and location
  'id', 'nodeId', 'farmId', 'farmName', 'twinId', 'country', 'gridVersion', 'city', 'location',
  // status and time
  'uptime', 'created', 'farmingPolicyId', 'updatedAt', 'status', 'healthy', 'power',
  // capacity
  'total_resources', 'used_resources',
  // network
  'publicConfig',
  // rent and farm
  'certificationType', 'dedicated', 'inDedicatedFarm', 'rentContractId', 'rented', 'rentable', 'rentedByTwinId',
  'serialNumber', 'extraFee', 'price_usd', 'farm_free_ips',
  // hardware
  'num_gpu', 'dmi', 'speed', 'gpus', 'cpu_benchmark',
  'features',
] as const;

/** `/nodes/{id}`: the capacity nested as `capacity{total_resources, used_resources}`. */
export const NESTED_NODE_FIELDS = [...NODE_FIELDS.filter((f) => f !== 'total_resources' && f !== 'used_resources'), 'capacity'];

export const LOCATION_FIELDS = ['country', 'city', 'longitude', 'latitude'];
export const PUBLIC_CONFIG_FIELDS = ['domain', 'gw4', 'gw6', 'ipv4', 'ipv6'];
export const CAPACITY_FIELDS = ['cru', 'sru', 'hru', 'mru'];
export const POWER_FIELDS = ['state', 'target'];
