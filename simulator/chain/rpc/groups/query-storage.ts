/**
 * `state_queryStorage(keys, fromHash, toHash?)` as sc-rpc's full-node backend answers it: for each block of the
 * canonical range from..to (to defaults to the best block), the keys whose value differs from the previous block of
 * the range; the first block reports every key (null when absent); blocks without a change are left out.
 * The range must resolve (both headers known, from not after to, on one chain) or the answer is 4001
 * `Cannot resolve a block range […]`, Substrate's InvalidBlockRange. Unlike Substrate (which leaves the method
 * unbounded and marks it unsafe) the range and the key list are bounded, with the same error code and a detail that
 * says why, so one request cannot make the node read millions of values.
 */
import type { BlockHash, ChainBlocksApi, ChainStateApi, HeaderJson, Hex, StorageChangeSetJson } from '../chain-api';
import { RpcError } from '../errors';

/** Blocks one state_queryStorage may span (the chain keeps 4096 blocks of state by default). */
export const MAX_QUERY_STORAGE_BLOCKS = 1000;
/** Keys one state_queryStorage may ask for (state_queryStorageAt is not bounded, as in Substrate). */
export const MAX_QUERY_STORAGE_KEYS = 1000;

export type QueryStorageChain = Pick<ChainStateApi, 'queryStorageAt'> & Pick<ChainBlocksApi, 'getHeader' | 'getBlockHash'>;

const describe = (number: number, hash: BlockHash): string => `"${number} (${hash})"`;

function invalidRange(from: string, to: string, details: string): RpcError {
  return new RpcError(4001, `Cannot resolve a block range ['${from}' ... '${to}]. ${details}`);
}

function checkKeyCount(keys: readonly Hex[]): void {
  if (keys.length > MAX_QUERY_STORAGE_KEYS) {
    throw new RpcError(4002, `count exceeds maximum value. value: ${keys.length}, max: ${MAX_QUERY_STORAGE_KEYS}`);
  }
}

async function header(chain: QueryStorageChain, hash: BlockHash, from: BlockHash, to: BlockHash | undefined): Promise<HeaderJson> {
  const h = await chain.getHeader(hash);
  if (h === null) {
    throw invalidRange(`"${from}"`, to === undefined ? 'None' : `"Some(${to})"`,
      `UnknownBlock: Header was not found in the database: ${hash}`);
  }
  return h;
}

export async function queryStorageRange(
  chain: QueryStorageChain, keys: Hex[], from: BlockHash, to?: BlockHash,
): Promise<StorageChangeSetJson[]> {
  checkKeyCount(keys);
  const toHash = to ?? (await chain.getBlockHash());
  if (toHash === null) throw invalidRange(`"${from}"`, 'None', 'no best block');
  const fromNumber = Number((await header(chain, from, from, to)).number);
  const toNumber = Number((await header(chain, toHash, from, to)).number);
  const range = `${describe(fromNumber, from)}`;
  const end = `${describe(toNumber, toHash)}`;
  if (fromNumber > toNumber) throw invalidRange(range, end, 'from number > to number');
  if (await chain.getBlockHash(fromNumber) !== from || await chain.getBlockHash(toNumber) !== toHash) {
    throw invalidRange(range, end, 'from and to are on different forks');
  }
  const span = toNumber - fromNumber + 1;
  if (span > MAX_QUERY_STORAGE_BLOCKS) {
    throw invalidRange(range, end, `the range spans ${span} blocks; at most ${MAX_QUERY_STORAGE_BLOCKS} are served per query`);
  }
  const out: StorageChangeSetJson[] = [];
  const last = new Map<Hex, Hex | null>();
  for (let n = fromNumber; n <= toNumber; n++) {
    const hash = n === fromNumber ? from : n === toNumber ? toHash : await chain.getBlockHash(n);
    if (hash === null) throw invalidRange(range, end, `block ${n} is not known`);
    const { changes } = await chain.queryStorageAt(keys, hash);
    const changed = changes.filter(([key, value]) => !last.has(key) || last.get(key) !== value);
    for (const [key, value] of changes) last.set(key, value);
    if (changed.length > 0) out.push({ block: hash, changes: changed });
  }
  return out;
}
