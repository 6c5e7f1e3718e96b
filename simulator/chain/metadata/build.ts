// Runtime metadata V14 (state_getMetadata) and V15 (Metadata_metadata_at_version(15)) from the runtime
// declarations. The structures are assembled here and SCALE-encoded with @polkadot/types' own metadata codecs,
// so what we emit is by construction what polkadot-js decodes.
import { TypeRegistry } from '@polkadot/types';
import { u8aConcat } from '@polkadot/util';
import type { Runtime } from '../runtime';
import type { Pallet, StorageItem } from '../runtime/pallet';
import { tuple, type TypeDef } from '../runtime/types/dsl';
import { cachedMetadata, defaultMetadataCacheDir } from './cache';
import { PortableRegistryBuilder } from './registry';

export type MetadataVersion = 14 | 15;

/** "meta" */
export const METADATA_MAGIC = new Uint8Array([0x6d, 0x65, 0x74, 0x61]);

const toHex = (u8a: Uint8Array): `0x${string}` => `0x${Buffer.from(u8a).toString('hex')}`;

function storageEntry(reg: PortableRegistryBuilder, item: StorageItem) {
  let type: unknown;
  if (item.keys.length === 0) {
    type = { Plain: reg.idOf(item.value) };
  } else {
    // A map's key is its key type; a double/n-map's key is the tuple of its key types.
    const first = item.keys[0]!;
    const key = item.keys.length === 1 ? first.type : tuple(...item.keys.map((k) => k.type));
    type = { Map: { hashers: item.keys.map((k) => k.hasher), key: reg.idOf(key), value: reg.idOf(item.value) } };
  }
  return { name: item.name, modifier: item.modifier, type, fallback: toHex(item.fallback), docs: [...item.docs] };
}

function palletEntry(reg: PortableRegistryBuilder, p: Pallet, version: MetadataVersion) {
  // Field order follows frame-metadata's registration order: storage, calls, event, constants, error.
  const storage = p.storage ? { prefix: p.storagePrefix, items: p.storage.map((i) => storageEntry(reg, i)) } : null;
  const calls = p.calls ? { type: reg.idOf(p.calls) } : null;
  const events = p.events ? { type: reg.idOf(p.events) } : null;
  const constants = p.constants.map((c) => ({ name: c.name, type: reg.idOf(c.type), value: toHex(c.value), docs: [...c.docs] }));
  const errors = p.errors ? { type: reg.idOf(p.errors) } : null;
  return {
    name: p.name, storage, calls, events, constants, errors, index: p.index,
    ...(version >= 15 ? { docs: [...p.docs] } : {}),
  };
}

/** Builds the metadata structure (ids assigned) without encoding it; `idOf` maps declared types to lookup ids. */
export function buildMetadataObject(runtime: Runtime, version: MetadataVersion) {
  const reg = new PortableRegistryBuilder(runtime.outer);
  const pallets = runtime.pallets.map((p) => palletEntry(reg, p, version));
  const x = runtime.extrinsic;
  const signedExtensions = () => x.signedExtensions.map((e) => ({
    identifier: e.identifier,
    type: reg.idOf(e.type),
    additionalSigned: reg.idOf(e.additionalSigned),
  }));

  if (version === 14) {
    const extrinsic = { type: reg.idOf(x.type), version: x.version, signedExtensions: signedExtensions() };
    const type = reg.idOf(runtime.runtimeType);
    return { metadata: { lookup: { types: reg.types }, pallets, extrinsic, type }, registry: reg };
  }

  const extrinsic = {
    version: x.version,
    addressType: reg.idOf(x.address),
    callType: reg.idOf(x.call),
    signatureType: reg.idOf(x.signature),
    extraType: reg.idOf(x.extra),
    signedExtensions: signedExtensions(),
  };
  const type = reg.idOf(runtime.runtimeType);
  const apis = runtime.apis.map((api) => ({
    name: api.name,
    methods: api.methods.map((m) => ({
      name: m.name,
      inputs: m.inputs.map((i) => ({ name: i.name, type: reg.idOf(i.type) })),
      output: reg.idOf(m.output),
      docs: [...(m.docs ?? [])],
    })),
    docs: [...(api.docs ?? [])],
  }));
  const outerEnums = {
    callType: reg.idOf(runtime.outer.RuntimeCall),
    eventType: reg.idOf(runtime.outer.RuntimeEvent),
    errorType: reg.idOf(runtime.outer.RuntimeError),
  };
  return {
    metadata: { lookup: { types: reg.types }, pallets, extrinsic, type, apis, outerEnums, custom: { map: {} } },
    registry: reg,
  };
}

export interface BuiltMetadata {
  /** `"meta" ++ version byte ++ SCALE(RuntimeMetadataV14|V15)`: the bytes of `state_getMetadata` / `OpaqueMetadata`. */
  readonly bytes: Uint8Array;
  /** The lookup id of a declared type in this metadata (throws for types the metadata does not contain). */
  idOf(t: TypeDef): number;
}

/**
 * `cacheDir`: where encoded metadata is kept between starts (cache.ts); default node_modules/.cache/gridbox/metadata,
 * undefined to always encode.
 */
export function buildMetadataWithLookup(
  runtime: Runtime, version: MetadataVersion, cacheDir: string | undefined = defaultMetadataCacheDir(),
): BuiltMetadata {
  const { metadata, registry } = buildMetadataObject(runtime, version);
  const encode = () => u8aConcat(METADATA_MAGIC, [version], new TypeRegistry().createType(version === 14 ? 'MetadataV14' : 'MetadataV15', metadata).toU8a());
  const looksRight = (b: Uint8Array) => b.length > 5 && METADATA_MAGIC.every((x, i) => b[i] === x) && b[4] === version;
  const bytes = cachedMetadata(cacheDir, version, metadata, encode, looksRight);
  return {
    bytes,
    idOf: (t) => {
      const id = registry.lookup(t);
      if (id === undefined) throw new Error('type is not part of this metadata');
      return id;
    },
  };
}

/** The encoded metadata of `runtime` at `version` (14 for state_getMetadata, 15 for the Metadata runtime API). */
export function buildMetadata(runtime: Runtime, version: MetadataVersion): Uint8Array {
  return buildMetadataWithLookup(runtime, version).bytes;
}
