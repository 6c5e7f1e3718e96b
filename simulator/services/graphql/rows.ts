/**
 * The index's records as GraphQL rows: plain objects whose keys are the schema's field names, BigInt fields as
 * `bigint` (serialised as strings), relations as references to other rows (PublicIp.farm ↔ Farm.publicIPs), and an
 * `id` per entity. Rows are built once per request and only for the entities it reads, so a query sees one
 * consistent view of the index.
 */
import type { GridIndex, Resources } from '../indexer/model';

export type Row = Record<string, unknown>;

/** FarmingPolicyRecord has no gridVersion; the indexer writes 3 (the current grid) everywhere else. */
const FARMING_POLICY_GRID_VERSION = 3;

const big = (value: number | string | null | undefined): bigint | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  return /^-?\d+$/.test(value) ? BigInt(value) : null;
};

function resourceRow(id: string, ownerKey: string, owner: Row, r: Resources): Row {
  return { id, [ownerKey]: owner, hru: big(r.hru), sru: big(r.sru), cru: big(r.cru), mru: big(r.mru) };
}

export class IndexRows {
  readonly #tables = new Map<string, Row[]>();

  constructor(private readonly index: GridIndex) {}

  /** The rows of one entity type (by its GraphQL type name). */
  of(typeName: string): Row[] {
    let rows = this.#tables.get(typeName);
    if (!rows) {
      this.#build(typeName);
      rows = this.#tables.get(typeName) ?? [];
    }
    return rows;
  }

  get height(): number {
    return this.index.head.number;
  }

  #build(typeName: string): void {
    const set = (name: string, rows: Row[]): void => void this.#tables.set(name, rows);
    const index = this.index;
    switch (typeName) {
      case 'Twin':
        return set('Twin', [...index.twins.values()].map((t) => ({ id: String(t.twinID), ...t })));
      case 'Farm':
      case 'PublicIp':
        return this.#farms();
      case 'Node':
      case 'NodeResourcesTotal':
      case 'Interfaces':
      case 'PublicConfig':
      case 'Location':
        return this.#nodes();
      case 'NodeContract':
      case 'ContractResources':
        return this.#nodeContracts();
      case 'NameContract':
        return set('NameContract', [...index.nameContracts.values()].map((c) => ({ id: String(c.contractID), ...c, contractID: big(c.contractID), createdAt: big(c.createdAt) })));
      case 'RentContract':
        return set('RentContract', [...index.rentContracts.values()].map((c) => ({ id: String(c.contractID), ...c, contractID: big(c.contractID), createdAt: big(c.createdAt) })));
      case 'ContractBillReport':
        return set('ContractBillReport', index.contractBillReports.map((r, i) => ({
          id: String(i + 1), contractID: big(r.contractID), discountReceived: r.discountReceived, amountBilled: big(r.amountBilled), timestamp: big(r.timestamp),
        })));
      case 'NruConsumption':
        return set('NruConsumption', index.nruConsumptions.map((r, i) => ({
          id: String(i + 1), contractID: big(r.contractID), timestamp: big(r.timestamp), window: big(r.window), nru: big(r.nru),
        })));
      case 'UptimeEvent':
        return set('UptimeEvent', index.uptimeEvents.map((e, i) => ({ id: String(i + 1), nodeID: e.nodeID, uptime: big(e.uptime), timestamp: big(e.timestamp) })));
      case 'FarmingPolicy':
        return set('FarmingPolicy', [...index.farmingPolicies.values()].map((p) => ({ id: String(p.farmingPolicyID), gridVersion: FARMING_POLICY_GRID_VERSION, ...p })));
      default:
        return set(typeName, []);
    }
  }

  #farms(): void {
    const ips: Row[] = [];
    const farms = [...this.index.farms.values()].map((f) => {
      const farm: Row = { ...f, id: String(f.farmID), publicIPs: [] };
      farm.publicIPs = f.publicIPs.map((ip) => {
        const row: Row = { id: `${f.farmID}-${ip.ip}`, farm, gateway: ip.gateway, ip: ip.ip, contractId: big(ip.contractId) };
        ips.push(row);
        return row;
      });
      return farm;
    });
    this.#tables.set('Farm', farms);
    this.#tables.set('PublicIp', ips);
  }

  #nodes(): void {
    const totals: Row[] = [];
    const interfaces: Row[] = [];
    const configs: Row[] = [];
    const locations: Row[] = [];
    const nodes = [...this.index.nodes.values()].map((n) => {
      const id = String(n.nodeID);
      const location: Row = { id, longitude: n.location.longitude, latitude: n.location.latitude };
      const node: Row = {
        ...n, id, location, uptime: big(n.uptime), createdAt: big(n.createdAt), updatedAt: big(n.updatedAt), extraFee: big(n.extraFee),
        power: { state: n.power.state, target: n.power.target },
      };
      node.resourcesTotal = resourceRow(id, 'node', node, n.resourcesTotal);
      node.publicConfig = n.publicConfig ? { id, node, ...n.publicConfig } : null;
      node.interfaces = n.interfaces.map((i) => ({ id: `${id}-${i.name}`, node, name: i.name, mac: i.mac, ips: i.ips }));
      totals.push(node.resourcesTotal as Row);
      if (node.publicConfig) configs.push(node.publicConfig as Row);
      interfaces.push(...(node.interfaces as Row[]));
      locations.push(location);
      return node;
    });
    this.#tables.set('Node', nodes);
    this.#tables.set('NodeResourcesTotal', totals);
    this.#tables.set('Interfaces', interfaces);
    this.#tables.set('PublicConfig', configs);
    this.#tables.set('Location', locations);
  }

  #nodeContracts(): void {
    const used: Row[] = [];
    const contracts = [...this.index.nodeContracts.values()].map((c) => {
      const id = String(c.contractID);
      const row: Row = { ...c, id, contractID: big(c.contractID), createdAt: big(c.createdAt) };
      row.resourcesUsed = c.resourcesUsed ? resourceRow(id, 'contract', row, c.resourcesUsed) : null;
      if (row.resourcesUsed) used.push(row.resourcesUsed as Row);
      return row;
    });
    this.#tables.set('NodeContract', contracts);
    this.#tables.set('ContractResources', used);
  }
}
