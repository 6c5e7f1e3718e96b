/** Chain flows of an account on the local grid: its twin and its contracts. */
import { z } from 'zod';
import { address, method } from '../decl';

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
}

export const chainMethods = {
  /** The account's twin on the local grid's chain (0: none yet). */
  'chain.twin': method<{ twinId: number }>()(z.object({ address }).strict()),
  /** Funds (local activation), terms and a twin on the local relay, as a new user needs; skips what is done. */
  'chain.ensureTwin': method<{ twinId: number }>()(z.object({ address }).strict()),
  /** The account's contracts on the local grid's chain. */
  'contracts.list': method<ContractView[]>()(z.object({ address }).strict()),
  'contracts.createName': method<ContractView>()(
    z
      .object({
        address,
        name: z
          .string()
          .trim()
          .regex(/^[a-z0-9_-]{3,64}$/, 'a name has 3 to 64 characters: lowercase letters, digits, - and _'),
      })
      .strict(),
  ),
  'contracts.createRent': method<ContractView>()(z.object({ address, nodeId: z.number().int().min(1) }).strict()),
  'contracts.cancel': method<null>()(z.object({ address, id: z.number().int().min(1) }).strict()),
} as const;
