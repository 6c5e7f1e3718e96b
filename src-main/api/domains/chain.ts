/** Chain flows of an account on the local grid: its twin and its contracts. */
import * as z from 'zod';
import { address, method } from '../decl';
import { networkId } from './networks';

/** the network a contracts call is for (the test VM: the local grid only) */
const network = networkId.default('local');
/** Writes on main need `confirmMainnet: true`: real TFT is spent. */
const confirmMainnet = z.boolean().optional();

export interface ContractView {
  id: number;
  type: 'node' | 'name' | 'rent';
  state: 'created' | 'gracePeriod' | 'deleted';
  /** block number the grace period started at (the contract's owner ran out of funds) */
  graceSince?: number;
  twinId: number;
  /** name contracts */
  name?: string;
  /** node and rent contracts */
  nodeId?: number;
  /** node contracts: the deployment's metadata as the client stored it */
  deploymentData?: string;
  publicIps?: number;
  /** what the contract costs per hour as the chain bills it now (absent when the chain's prices cannot be read) */
  cost?: ContractCost;
  /** contracts in grace period: when the chain deletes them unless the owner adds funds */
  grace?: ContractGrace;
}

/**
 * Cost per hour before the balance discount (the chain lowers it by up to 60 % for accounts holding months of
 * funds). Node contracts are billed from the resources their node reported; 0 while nothing is deployed.
 */
export interface ContractCost {
  /** units-USD per hour (1 USD = 10^7), a decimal string */
  unitsUsdPerHour: string;
  usdPerHour: number;
  /** raw TFT (1e-7 TFT) per hour at the chain's TFT price, a decimal string */
  tftPerHour: string;
  /** the TFT price used, mUSD per TFT */
  tftPriceMusd: number;
  /** what is billed, e.g. "1 vCPU, 2 GiB RAM, 25 GiB SSD, 1 public IP" */
  basis: string;
}

export interface ContractGrace {
  /** block the grace period started at */
  since: number;
  /** block at which the chain deletes the contract (since + 14 days of blocks) */
  endsAtBlock: number;
  /** seconds of chain time left before deletion (6 s a block) */
  secondsLeft: number;
  /** chain time (ms) of the deletion */
  endsAt: number;
}

export const chainMethods = {
  /** The account's twin on a network's chain, the local grid's by default (0: none yet). */
  'chain.twin': method<{ twinId: number }>()(z.object({ network, address }).strict()),
  /** Funds (local activation), terms and a twin on the local relay, as a new user needs; skips what is done. */
  'chain.ensureTwin': method<{ twinId: number }>()(z.object({ address }).strict()),
  /** The account's contracts (created or in grace period) on a network's chain. */
  'contracts.list': method<ContractView[]>()(z.object({ network, address }).strict()),
  'contracts.createName': method<ContractView>()(
    z
      .object({
        network,
        confirmMainnet,
        address,
        name: z
          .string()
          .trim()
          .regex(/^[a-z0-9_-]{3,64}$/, 'a name has 3 to 64 characters: lowercase letters, digits, - and _'),
      })
      .strict(),
  ),
  'contracts.createRent': method<ContractView>()(z.object({ network, confirmMainnet, address, nodeId: z.number().int().min(1) }).strict()),
  'contracts.cancel': method<null>()(z.object({ network, confirmMainnet, address, id: z.number().int().min(1) }).strict()),
} as const;
