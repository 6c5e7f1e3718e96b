// The runtime version (state_getRuntimeVersion, the System.Version constant) and chain properties of TFChain
// spec 152 (shared/spec/tfchain.md §1, §1.1).
import { blake2AsU8a } from '@polkadot/util-crypto';
import { stringToU8a } from '@polkadot/util';

/** The runtime APIs the runtime advertises, in TFChain's order, with their versions. */
export const API_VERSIONS: ReadonlyArray<readonly [name: string, version: number]> = [
  ['Core', 4],
  ['Metadata', 2],
  ['BlockBuilder', 6],
  ['TaggedTransactionQueue', 3],
  ['OffchainWorkerApi', 2],
  ['AuraApi', 1],
  ['SessionKeys', 1],
  ['GrandpaApi', 3],
  ['AccountNonceApi', 1],
  ['TransactionPaymentApi', 4],
];

/** A runtime API's id: blake2b with an 8-byte output over the trait name (sp_api's `generate_runtime_api_id`). */
export const apiId = (name: string): Uint8Array => blake2AsU8a(stringToU8a(name), 64);

export interface RuntimeVersionInfo {
  readonly specName: string;
  readonly implName: string;
  readonly authoringVersion: number;
  readonly specVersion: number;
  readonly implVersion: number;
  readonly transactionVersion: number;
  readonly stateVersion: number;
  readonly apis: ReadonlyArray<readonly [id: Uint8Array, version: number]>;
  /** The same, shaped for `encode(RuntimeVersion, …)` (snake_case fields). */
  readonly value: Readonly<Record<string, unknown>>;
}

function makeVersion(): RuntimeVersionInfo {
  const base = {
    specName: 'substrate-threefold',
    implName: 'substrate-threefold',
    authoringVersion: 1,
    specVersion: 152,
    implVersion: 1,
    transactionVersion: 2,
    stateVersion: 0,
  };
  const apis = API_VERSIONS.map(([name, v]) => [apiId(name), v] as const);
  return {
    ...base,
    apis,
    value: {
      spec_name: base.specName,
      impl_name: base.implName,
      authoring_version: base.authoringVersion,
      spec_version: base.specVersion,
      impl_version: base.implVersion,
      apis: apis.map(([id, v]) => [id, v]),
      transaction_version: base.transactionVersion,
      state_version: base.stateVersion,
    },
  };
}

export const runtimeVersion = makeVersion();

/** `system_properties`. There is no ss58Format here on the real chain: clients read the System.SS58Prefix constant. */
export const chainProperties = Object.freeze({ tokenDecimals: 7, tokenSymbol: 'TFT' });

export const SS58_PREFIX = 42;
