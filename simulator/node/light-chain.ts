/**
 * The node's light chain client: the chain access a Zero-OS node needs (storage reads, its own signed calls awaited
 * in a block, chain time, the events it acts on, the pool's pending calls), over the chain's public JSON-RPC with
 * SCALE done by the runtime declarations (simulator/chain/runtime) instead of @polkadot/api.
 *
 * Why: with a container per node (`gridbox up --docker`), loading @polkadot/api and decoding the chain's metadata
 * into its type registry was most of a node's CPU, and twenty of them start at once on two cores. The declarations
 * describe TFChain spec 152 (the metadata the chain serves is generated from them, and compared with the real
 * chain's), so this client is used only when the chain reports that runtime (spec name, spec and transaction
 * version); any other chain, such as a newer real TFChain behind `--chain-image`, gets the @polkadot/api client
 * (node-chain.ts).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { compactToU8a, hexToU8a, stringCamelCase, u8aConcat, u8aToHex, u8aToString } from '@polkadot/util';
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import { PALLETS, runtime } from '../chain/runtime';
import { storageItem, type Pallet, type StorageItem } from '../chain/runtime/pallet';
import { encode } from '../chain/runtime/scale';
import { decode, read, Reader } from '../chain/runtime/scale-decode';
import { storageKey } from '../chain/runtime/storage';
import type { TypeDef, Variant } from '../chain/runtime/types/dsl';
import type { TwinInfo } from '../rmb/twin-lookup';
import { ChainCallError, SignerQueues, sendTogether, type TxCall, type TxEvent } from './chain-calls';
import { decodeU64, EventPrefilter } from './chain-watch';
import { fieldList, fromInput, toPrimitive } from './light-values';
import type { ChainEventListener, NodeChain } from './node-chain';
import { RpcSocket } from './light-rpc';

const outer = runtime.outer;
const KEPT_BLOCKS = 16;
const TX_TIMEOUT_MS = 60_000;

interface RawRuntimeVersion { specName: string; specVersion: number; transactionVersion: number }

/** Whether a chain's runtime is the one the declarations describe. */
export function declaredRuntime(version: RawRuntimeVersion): boolean {
  return version.specName === runtime.version.specName && version.specVersion === runtime.version.specVersion
    && version.transactionVersion === runtime.version.transactionVersion;
}

/** A decoded `frame_system::EventRecord` (the declarations' value shape). */
interface EventRecordValue { phase: unknown; event: Record<string, unknown> }

interface BlockRecord {
  readonly hashes: string[];
  readonly records: EventRecordValue[];
}

export class LightChain implements NodeChain {
  readonly kind = 'light';
  readonly #palletsByCamel = new Map(PALLETS.map((p) => [stringCamelCase(p.name), p]));
  readonly #queues = new SignerQueues();
  readonly #blocks = new Map<string, Promise<BlockRecord>>();
  readonly #eventsKey: string;
  readonly #eventsType: TypeDef;
  readonly #ss58: number;

  private constructor(
    private readonly rpc: RpcSocket,
    private readonly genesisHash: Uint8Array,
  ) {
    const system = this.#pallet('system');
    const events = storageItem(system, 'Events');
    this.#eventsKey = u8aToHex(storageKey(system, events));
    this.#eventsType = events.value;
    const prefix = system.constants.find((c) => c.name === 'SS58Prefix');
    this.#ss58 = prefix ? Number(decode(prefix.type, prefix.value)) : 42;
  }

  /**
   * Connects (trying for `waitMs` while nothing listens yet). Resolves undefined, with the socket closed, when the
   * chain runs another runtime than the declared one.
   */
  static async connect(url: string, waitMs = 0): Promise<LightChain | undefined> {
    const rpc = await RpcSocket.connect(url, waitMs);
    try {
      const [version, genesis] = await Promise.all([
        rpc.request<RawRuntimeVersion>('state_getRuntimeVersion'),
        rpc.request<string>('chain_getBlockHash', [0]),
      ]);
      if (!declaredRuntime(version)) {
        rpc.close();
        return undefined;
      }
      return new LightChain(rpc, hexToU8a(genesis));
    } catch (error) {
      rpc.close();
      throw error;
    }
  }

  #pallet(section: string): Pallet {
    const pallet = this.#palletsByCamel.get(section);
    if (!pallet) throw new Error(`the chain has no pallet ${section}`);
    return pallet;
  }

  #item(section: string, method: string): [Pallet, StorageItem] {
    const pallet = this.#pallet(section);
    const item = pallet.storage?.find((s) => stringCamelCase(s.name) === method);
    if (!item) throw new Error(`the chain has no storage ${section}.${method}`);
    return [pallet, item];
  }

  #call(section: string, method: string): [Pallet, Variant] {
    const pallet = this.#pallet(section);
    const variant = pallet.calls?.variants.find((v) => stringCamelCase(v.name) === method);
    if (!variant) throw new ChainCallError(`the chain has no call ${section}.${method}`, 'Invalid');
    return [pallet, variant];
  }

  /** The declared value of a storage entry (the item's default when absent; null for an absent optional one). */
  async #read(section: string, method: string, keys: unknown[]): Promise<[StorageItem, unknown]> {
    const [pallet, item] = this.#item(section, method);
    const declaredKeys = keys.map((k, i) => fromInput(item.keys[i]!.type, k, outer, `${section}.${method} key ${i}`));
    const hex = await this.rpc.request<string | null>('state_getStorage', [u8aToHex(storageKey(pallet, item, ...declaredKeys))]);
    if (hex === null) return [item, item.modifier === 'Optional' ? null : decode(item.value, item.fallback, outer)];
    return [item, decode(item.value, hexToU8a(hex), outer)];
  }

  async query<T = unknown>(section: string, method: string, ...keys: unknown[]): Promise<T> {
    const [item, value] = await this.#read(section, method, keys);
    return (value === null && item.modifier === 'Optional' ? null : toPrimitive(item.value, value, outer, this.#ss58)) as T;
  }

  async twin(id: number): Promise<TwinInfo | null> {
    const [, value] = await this.#read('tfgridModule', 'twins', [id]);
    if (value === null) return null;
    const twin = value as { id: number; account_id: Uint8Array; relay: Uint8Array | null; pk: Uint8Array | null };
    return { id: twin.id, accountId: twin.account_id.slice(), relay: twin.relay ? u8aToString(twin.relay) : null, pk: twin.pk ? twin.pk.slice() : null };
  }

  async followTime(listener: (nowMs: number) => void): Promise<() => void> {
    const key = u8aToHex(storageKey(this.#pallet('timestamp'), 'Now'));
    return this.#watch(key, (bytes) => listener(bytes ? decodeU64(bytes) : 0));
  }

  async followEvents(wanted: readonly (readonly [string, string])[], listener: ChainEventListener): Promise<() => void> {
    const pairs = wanted.map(([section, method]) => {
      const pallet = this.#pallet(section);
      const variant = pallet.events?.variants.find((v) => v.name === method);
      if (!variant) throw new Error(`the chain has no event ${section}.${method}`);
      return [pallet.index, variant.index] as const;
    });
    const prefilter = new EventPrefilter(pairs);
    return this.#watch(this.#eventsKey, (bytes) => {
      if (!bytes || !prefilter.mayHold(bytes)) return;
      for (const record of decode(this.#eventsType, bytes, outer) as EventRecordValue[]) {
        const event = this.#event(record.event);
        if (wanted.some(([section, method]) => event.section === section && event.method === method)) listener(event.section, event.method, event.data);
      }
    });
  }

  #watch(key: string, listener: (bytes: Uint8Array | null) => void): Promise<() => void> {
    return this.rpc.subscribe('state_subscribeStorage', [[key]], 'state_unsubscribeStorage', (result) => {
      const set = result as { changes: [string, string | null][] };
      for (const [changed, data] of set.changes) if (changed === key) listener(data === null ? null : hexToU8a(data));
    }, { lasting: true });
  }

  /** An event value (`{ Pallet: 'Name' | { Name: fields } }`) as polkadot-js shows it: section, method, data. */
  #event(value: Record<string, unknown>): TxEvent & { raw: unknown } {
    const [palletName, inner] = Object.entries(value)[0]!;
    const pallet = PALLETS.find((p) => p.name === palletName)!;
    const [name, fields] = typeof inner === 'string' ? [inner, undefined] : Object.entries(inner as Record<string, unknown>)[0]!;
    const variant = pallet.events!.variants.find((v) => v.name === name)!;
    return { section: stringCamelCase(pallet.name), method: name, data: fieldList(variant.fields, fields, outer, this.#ss58), raw: fields };
  }

  async pendingCalls(section: string, method: string): Promise<unknown[][]> {
    const [pallet, variant] = this.#call(section, method);
    const pending = await this.rpc.request<string[]>('author_pendingExtrinsics');
    const found: unknown[][] = [];
    for (const hex of pending) {
      const call = pendingCall(hexToU8a(hex));
      const inner = call?.[pallet.name];
      if (inner === undefined) continue;
      const [name, args] = typeof inner === 'string' ? [inner, {}] : Object.entries(inner as Record<string, unknown>)[0]!;
      if (name === variant.name) found.push(fieldList(variant.fields, args, outer, this.#ss58));
    }
    return found;
  }

  submit(pair: KeyringPair, section: string, method: string, ...args: unknown[]): Promise<TxEvent[]> {
    return this.#queues.run(pair.address, async () => {
      const nonce = await this.#nonce(pair);
      return this.#send(`${section}.${method}`, this.#sign(pair, { section, method, args }, nonce));
    });
  }

  /** Consecutive nonces, all sent before any is in a block (one block on an instant chain). */
  submitTogether(pair: KeyringPair, calls: readonly TxCall[], onSent?: () => void): Promise<TxEvent[][]> {
    return this.#queues.run(pair.address, () => sendTogether(async () => {
      const first = await this.#nonce(pair);
      return calls.map((call, i) => {
        const bytes = this.#sign(pair, call, first + i);
        return (onTaken: () => void) => this.#send(`${call.section}.${call.method}`, bytes, onTaken);
      });
    }, onSent));
  }

  async #nonce(pair: KeyringPair): Promise<number> {
    return Number(await this.rpc.request<number>('system_accountNextIndex', [encodeAddress(pair.publicKey, this.#ss58)]));
  }

  /** A signed v4 extrinsic, immortal, no tip: `Compact(len) ++ 0x84 ++ address ++ signature ++ extra ++ call`. */
  #sign(pair: KeyringPair, call: TxCall, nonce: number): Uint8Array {
    const [pallet, variant] = this.#call(call.section, call.method);
    const what = `${call.section}.${call.method}`;
    if (call.args.length !== variant.fields.length) throw new ChainCallError(`${what} takes ${variant.fields.length} argument(s)`, 'Invalid');
    const args = Object.fromEntries(variant.fields.map((f, i) => [f.name!, fromInput(f.type, call.args[i], outer, `${what} ${f.name}`)]));
    const callBytes = encode(outer.RuntimeCall, { [pallet.name]: variant.fields.length ? { [variant.name]: args } : variant.name }, what, outer);
    const extraValues: Record<string, unknown> = { CheckMortality: 'Immortal', CheckNonce: nonce, ChargeTransactionPayment: 0 };
    const additionalValues: Record<string, unknown> = {
      CheckSpecVersion: runtime.version.specVersion, CheckTxVersion: runtime.version.transactionVersion,
      CheckGenesis: this.genesisHash, CheckMortality: this.genesisHash,
    };
    const extensions = runtime.extrinsic.signedExtensions;
    const extra = encode(runtime.extrinsic.extra, extensions.map((e) => extraValues[e.identifier] ?? {}), 'extra', outer);
    const additional = u8aConcat(...extensions.map((e) => encode(e.additionalSigned, additionalValues[e.identifier] ?? null, e.identifier, outer)));
    const payload = u8aConcat(callBytes, extra, additional);
    const signature = pair.sign(payload.length > 256 ? blake2AsU8a(payload, 256) : payload);
    const kind = pair.type === 'ed25519' ? 'Ed25519' : pair.type === 'sr25519' ? 'Sr25519' : 'Ecdsa';
    const body = u8aConcat(
      [0x80 | runtime.extrinsic.version],
      encode(runtime.extrinsic.address, { Id: pair.publicKey }, 'address', outer),
      encode(runtime.extrinsic.signature, { [kind]: signature }, 'signature', outer),
      extra,
      callBytes,
    );
    return u8aConcat(compactToU8a(body.length), body);
  }

  /** Submits and watches; at InBlock, the extrinsic's events from its block. `onSent` once the pool took or refused it. */
  #send(what: string, bytes: Uint8Array, onSent?: () => void): Promise<TxEvent[]> {
    const txHash = u8aToHex(blake2AsU8a(bytes, 256));
    return new Promise<TxEvent[]>((resolve, reject) => {
      let unsubscribe: (() => void) | undefined;
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        unsubscribe?.();
        fn();
      };
      const timer = setTimeout(() => finish(() => reject(new ChainCallError(`${what}: not in a block within ${TX_TIMEOUT_MS} ms`, 'Timeout'))), TX_TIMEOUT_MS);
      const onStatus = (status: unknown): void => {
        const type = typeof status === 'string' ? status : Object.keys(status as object)[0] ?? '';
        if (['dropped', 'invalid', 'usurped', 'finalityTimeout'].includes(type)) {
          const name = type.charAt(0).toUpperCase() + type.slice(1);
          finish(() => reject(new ChainCallError(`${what}: ${name}`, name)));
          return;
        }
        if (type !== 'inBlock' && type !== 'finalized') return;
        const blockHash = (status as Record<string, string>)[type]!;
        this.#eventsOf(blockHash, txHash).then(
          ({ events, failed }) => finish(() => (failed ? reject(new ChainCallError(`${what} failed: ${failed}`, failed)) : resolve(events))),
          (error: unknown) => finish(() => reject(new ChainCallError(`${what}: reading its events failed: ${(error as Error).message}`, 'Events'))),
        );
      };
      this.rpc.subscribe('author_submitAndWatchExtrinsic', [u8aToHex(bytes)], 'author_unwatchExtrinsic', onStatus, {
        onLost: (error) => finish(() => reject(new ChainCallError(`${what}: ${error.message}`, 'Disconnected'))),
      }).then((u) => {
        onSent?.();
        if (settled) u();
        else unsubscribe = u;
      }, (error: unknown) => {
        onSent?.();
        finish(() => reject(new ChainCallError(`${what} refused: ${(error as Error).message}`, 'Invalid')));
      });
    });
  }

  async #eventsOf(blockHash: string, txHash: string): Promise<{ events: TxEvent[]; failed?: string }> {
    const block = await this.#block(blockHash);
    const index = block.hashes.indexOf(txHash);
    if (index < 0) throw new Error(`extrinsic ${txHash} is not in block ${blockHash}`);
    const mine = block.records.filter((r) => typeof r.phase === 'object' && r.phase !== null && (r.phase as { ApplyExtrinsic?: number }).ApplyExtrinsic === index);
    const events = mine.map((r) => this.#event(r.event));
    const failed = events.find((e) => e.section === 'system' && e.method === 'ExtrinsicFailed');
    return {
      events: events.map(({ section, method, data }) => ({ section, method, data })),
      ...(failed ? { failed: dispatchErrorName((failed.raw as { dispatch_error: unknown }).dispatch_error) } : {}),
    };
  }

  #block(blockHash: string): Promise<BlockRecord> {
    let record = this.#blocks.get(blockHash);
    if (!record) {
      record = Promise.all([
        this.rpc.request<{ block: { extrinsics: string[] } }>('chain_getBlock', [blockHash]),
        this.rpc.request<string | null>('state_getStorage', [this.#eventsKey, blockHash]),
      ]).then(([signed, events]) => ({
        hashes: signed.block.extrinsics.map((x) => u8aToHex(blake2AsU8a(hexToU8a(x), 256))),
        records: events ? decode(this.#eventsType, hexToU8a(events), outer) as EventRecordValue[] : [],
      }));
      this.#blocks.set(blockHash, record);
      record.catch(() => this.#blocks.delete(blockHash));
      while (this.#blocks.size > KEPT_BLOCKS) this.#blocks.delete(this.#blocks.keys().next().value!);
    }
    return record;
  }

  async close(): Promise<void> {
    this.rpc.close();
  }
}

/** `section.Name` of a module error, else the DispatchError's variant (`BadOrigin`, `Token`, …), as polkadot-js names them. */
export function dispatchErrorName(error: unknown): string {
  if (typeof error === 'string') return error;
  const [kind, payload] = Object.entries(error as Record<string, unknown>)[0]!;
  if (kind !== 'Module') return kind;
  const { index, error: bytes } = payload as { index: number; error: Uint8Array };
  const pallet = PALLETS.find((p) => p.index === index);
  const variant = pallet?.errors?.variants.find((v) => v.index === bytes[0]);
  return pallet && variant ? `${stringCamelCase(pallet.name)}.${variant.name}` : `Module(${index}, ${bytes[0]})`;
}

/** The call of a pool extrinsic (signed or not), or undefined when it cannot be read. */
function pendingCall(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const r = new Reader(bytes);
    r.compact();
    const version = r.byte();
    if (version & 0x80) {
      read(r, runtime.extrinsic.address, outer);
      read(r, runtime.extrinsic.signature, outer);
      read(r, runtime.extrinsic.extra, outer);
    }
    return read(r, outer.RuntimeCall, outer) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
