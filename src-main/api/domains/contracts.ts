/**
 * Contracts beyond create and cancel: what each costs, what the chain billed, and a test deployment (a small VM on a
 * node of the local grid, deployed as grid_client deploys one). `network` is a parameter so that live networks can
 * be joined when the app has per-network chain connections; billing history already reads any network's GraphQL.
 */
import * as z from 'zod';
import { address, empty, method, topic } from '../decl';
import { networkId } from './networks';

/** One `ContractBilled` of a contract, as tfchain_graphql's `contractBillReports` lists it. */
export interface ContractBill {
  /** raw TFT (1e-7 TFT), a decimal string: amounts exceed 2^53 */
  amountBilled: string;
  /** chain time of the bill, in ms */
  timestamp: number;
  discountReceived: 'None' | 'Default' | 'Bronze' | 'Silver' | 'Gold';
}

export interface ContractBillingHistory {
  contractId: number;
  /** newest first, at most `limit` */
  bills: ContractBill[];
  /** how many bills the contract has in all */
  total: number;
}

export interface TestVmWorkload {
  name: string;
  type: string;
  state: 'init' | 'ok' | 'error' | 'deleted' | 'paused' | 'unchanged';
  error?: string;
}

/** A deployment on a node as Zero-OS reports it, with the VM's addresses when it has one. */
export interface DeploymentView {
  contractId: number;
  nodeId: number;
  workloads: TestVmWorkload[];
  /** the VM's address in its private network */
  vmIp?: string;
  /** host:port of the VM's serial console, reachable inside the network */
  consoleUrl?: string;
}

export const TEST_VM_STEPS = ['twin', 'node', 'contract', 'deploy', 'provision', 'ok'] as const;
export interface TestVmProgress {
  address: string;
  nodeId: number;
  step: (typeof TEST_VM_STEPS)[number];
  /** what is happening, for the person waiting */
  message: string;
  contractId?: number;
}

const network = networkId.default('local');
const contractId = z.number().int().min(1);

export const contractsMethods = {
  /** `ContractBilled` reports of one contract from the network's GraphQL service, newest first. */
  'contracts.bills': method<ContractBillingHistory>()(
    z.object({ network, contractId, limit: z.number().int().min(1).max(1000).default(50) }).strict(),
  ),
  /**
   * Deploys a small VM (1 vCPU, 1 GiB, 10 GiB disk) on a local-grid node: node contract with the deployment hash,
   * then the signed deployment over RMB; resolves once every workload is ok. Progress: 'contracts.progress'.
   */
  'contracts.deployTestVm': method<DeploymentView>()(z.object({ network, address, nodeId: z.number().int().min(1) }).strict()),
  /** A node contract's deployment as its node reports it (zos.deployment.get over RMB). */
  'contracts.deployment': method<DeploymentView>()(z.object({ network, address, contractId }).strict()),
} as const;

export const contractsTopics = {
  'contracts.progress': topic<TestVmProgress>()(empty),
} as const;
