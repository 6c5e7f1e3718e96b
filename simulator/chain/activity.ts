/**
 * Follows a Chain's new blocks for a terminal log: each block (number, hash, extrinsic count) and each signed
 * extrinsic in it (Pallet.call, signer, ok or the error's name). Built on the chain's own new-heads subscription and
 * its System.Events storage, decoded with the runtime's @polkadot/types registry; the core is not touched.
 */
import type { Chain } from './core/chain';
import { SYSTEM_EVENTS_KEY } from './rpc/events-gate';

export interface BlockActivity {
  readonly number: number;
  readonly hash: string;
  /** All extrinsics, the timestamp inherent included. */
  readonly extrinsicCount: number;
  readonly extrinsics: readonly ExtrinsicActivity[];
}

export interface ExtrinsicActivity {
  readonly index: number;
  /** `Balances.transfer_keep_alive`: the pallet and call as the metadata names them. */
  readonly call: string;
  /** SS58 address; undefined for inherents. */
  readonly signer: string | undefined;
  /** 'ok', or the error's name (`Balances.InsufficientBalance`, `BadOrigin`, `Token.FundsUnavailable`). */
  readonly outcome: string;
}

/**
 * Calls `onBlock` for every block the chain builds from now on (not the current best). Returns the unsubscribe.
 * Never throws into block production: a decoding failure is reported through `onError`.
 */
export function watchChainActivity(
  chain: Chain,
  onBlock: (block: BlockActivity) => void,
  onError: (error: unknown) => void = () => {},
): () => void {
  let first = true;
  return chain.subscribeNewHeads((header) => {
    if (first) {
      first = false; // the subscription's immediate answer: the block that already existed
      return;
    }
    try {
      const number = Number(header.number);
      const hash = chain.getBlockHash(number);
      if (hash) onBlock(describeBlock(chain, number, hash));
    } catch (error) {
      onError(error);
    }
  });
}

export function describeBlock(chain: Chain, number: number, hash: string): BlockActivity {
  const registry = chain.codec.registry;
  const body = chain.getBlock(hash as `0x${string}`);
  const extrinsicsHex = body?.block.extrinsics ?? [];
  const eventsHex = chain.getStorage(SYSTEM_EVENTS_KEY, hash as `0x${string}`);
  const outcomes = new Map<number, string>();
  if (eventsHex) {
    for (const record of registry.createType('Vec<FrameSystemEventRecord>', eventsHex)) {
      if (!record.phase.isApplyExtrinsic) continue;
      const index = record.phase.asApplyExtrinsic.toNumber();
      const { event } = record;
      if (event.section === 'system' && event.method === 'ExtrinsicSuccess') outcomes.set(index, 'ok');
      else if (event.section === 'system' && event.method === 'ExtrinsicFailed') {
        outcomes.set(index, dispatchErrorName(chain, event.data[0] as unknown as DispatchErrorLike));
      }
    }
  }
  const extrinsics: ExtrinsicActivity[] = [];
  extrinsicsHex.forEach((hex, index) => {
    const xt = registry.createType('Extrinsic', hex);
    if (!xt.isSigned) return;
    const [palletIndex = 0] = xt.callIndex;
    const pallet = chain.codec.palletAt(palletIndex)?.name ?? xt.method.section;
    const callName = registry.findMetaCall(xt.callIndex).meta.name.toString();
    extrinsics.push({ index, call: `${pallet}.${callName}`, signer: xt.signer.toString(), outcome: outcomes.get(index) ?? 'unknown' });
  });
  return { number, hash, extrinsicCount: extrinsicsHex.length, extrinsics };
}

interface DispatchErrorLike {
  readonly type: string;
  readonly isModule: boolean;
  readonly asModule: { readonly index: { toNumber(): number } } & Parameters<Chain['codec']['registry']['findMetaError']>[0];
  readonly value: { readonly type?: string };
}

function dispatchErrorName(chain: Chain, error: DispatchErrorLike): string {
  if (error.isModule) {
    const module = error.asModule;
    const pallet = chain.codec.palletAt(module.index.toNumber())?.name ?? `Pallet${module.index.toNumber()}`;
    try {
      return `${pallet}.${chain.codec.registry.findMetaError(module).name}`;
    } catch {
      return `${pallet}.UnknownError`;
    }
  }
  const inner = error.value?.type;
  return typeof inner === 'string' ? `${error.type}.${inner}` : error.type;
}

/** `5GrwvaEF…utQY` / `0x1234ab…cdef`: enough to recognise, short enough for a log line. */
export function shortId(text: string, head = 8, tail = 4): string {
  return text.length <= head + tail + 1 ? text : `${text.slice(0, head)}…${text.slice(-tail)}`;
}

/** One line per block, then one per signed extrinsic. */
export function formatBlockActivity(block: BlockActivity): string[] {
  return [
    `block #${block.number} ${shortId(block.hash, 10, 4)} (${block.extrinsicCount} extrinsic${block.extrinsicCount === 1 ? '' : 's'})`,
    ...block.extrinsics.map((x) => `  extrinsic #${block.number}-${x.index} ${x.call} from ${x.signer ? shortId(x.signer) : '-'}: ${x.outcome}`),
  ];
}
