/**
 * dev_*: controls a real node lacks, named and shaped as in Chopsticks so existing scripts work. Placeholder (see
 * chain.ts for why it is empty); the next increment serves, from `chain: ChainDevApi`:
 * - dev_newBlock({count?, to?, transactions?}?) → hash of the last block
 * - dev_timeTravel(date: ISO string | ms number) → the new timestamp (ms)
 * - dev_setBlockBuildMode('Instant' | 'Batch' | 'Manual') → null
 * - dev_setStorage(values, at?) → block hash
 * - dev_setHead(hash | number) → block hash
 */
import type { ChainDevApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

export function devGroup(_chain: ChainDevApi): RpcGroup {
  return defineRpcGroup({ name: 'dev' });
}
