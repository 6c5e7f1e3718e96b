// A structural digest of decoded metadata, written for these tests (independent of shared/tools/metadata-diff.mjs):
// per pallet, one line per call/event/error/storage item/constant giving its index, name and the SCALE shape of
// its types (paths ignored, newtypes flattened, the outer Call/Event enums shown as <Call>/<Event>), plus the
// storage fallback and constant value bytes. Any change to what a client encodes or decodes changes a digest.
import type { Metadata } from '@polkadot/types';
import type { SiLookupTypeId } from '@polkadot/types/interfaces';
import { blake2AsHex } from '@polkadot/util-crypto';

type Latest = Metadata['asLatest'];

function shaper(latest: Latest, outerIds: ReadonlyMap<number, string>) {
  const byId = new Map(latest.lookup.types.map((t) => [t.id.toNumber(), t.type]));
  const seen = new Map<number, string>();
  const shape = (lookupId: SiLookupTypeId | number): string => {
    const id = typeof lookupId === 'number' ? lookupId : lookupId.toNumber();
    const marker = outerIds.get(id);
    if (marker) return marker;
    const cached = seen.get(id);
    if (cached !== undefined) return cached;
    seen.set(id, `<rec ${id}>`);
    const t = byId.get(id);
    if (!t) throw new Error(`type ${id} missing`);
    const d = t.def;
    let s: string;
    if (d.isPrimitive) s = d.asPrimitive.type.toLowerCase();
    else if (d.isCompact) s = `Compact<${shape(d.asCompact.type)}>`;
    else if (d.isSequence) s = `Vec<${shape(d.asSequence.type)}>`;
    else if (d.isArray) s = `[${shape(d.asArray.type)};${d.asArray.len.toNumber()}]`;
    else if (d.isTuple) s = `(${d.asTuple.map(shape).join(',')})`;
    else if (d.isComposite) {
      const f = d.asComposite.fields;
      s = f.length === 1 && f[0]!.name.isNone
        ? shape(f[0]!.type)
        : `{${f.map((x) => `${x.name.isSome ? x.name.unwrap().toString() : '_'}:${shape(x.type)}`).join(',')}}`;
    } else if (d.isVariant) {
      s = `enum{${d.asVariant.variants.map((v) => `${v.index.toNumber()}=${v.name.toString()}(${v.fields
        .map((x) => `${x.name.isSome ? `${x.name.unwrap().toString()}:` : ''}${shape(x.type)}`).join(',')})`).join('|')}}`;
    } else s = `?${d.type}`;
    seen.set(id, s);
    return s;
  };
  return shape;
}

/** Lines describing every pallet, keyed by pallet name. */
export function palletShapes(metadata: Metadata): Map<string, string[]> {
  const latest = metadata.asLatest;
  // The outer enums: the extrinsic's call type, and the event parameter of System's EventRecord.
  const outerIds = new Map<number, string>([[latest.extrinsic.callType.toNumber(), '<Call>']]);
  for (const t of latest.lookup.types) {
    if (t.type.path.map(String).join('::') === 'frame_system::EventRecord') {
      const e = t.type.params[0];
      if (e?.type.isSome) outerIds.set(e.type.unwrap().toNumber(), '<Event>');
    }
  }
  const shape = shaper(latest, outerIds);
  const variants = (kind: string, id: SiLookupTypeId) =>
    latest.lookup.getSiType(id).def.asVariant.variants.map((v) => `${kind} ${v.index.toNumber()} ${v.name.toString()}(${v.fields
      .map((f) => `${f.name.isSome ? `${f.name.unwrap().toString()}:` : ''}${shape(f.type)}`).join(',')})`);

  const out = new Map<string, string[]>();
  for (const p of latest.pallets) {
    const lines = [`index ${p.index.toNumber()}`];
    if (p.calls.isSome) lines.push(...variants('call', p.calls.unwrap().type));
    if (p.events.isSome) lines.push(...variants('event', p.events.unwrap().type));
    if (p.errors.isSome) lines.push(...variants('error', p.errors.unwrap().type));
    if (p.storage.isSome) {
      for (const e of p.storage.unwrap().items) {
        const ty = e.type.isPlain
          ? `plain ${shape(e.type.asPlain)}`
          : `map[${e.type.asMap.hashers.map(String).join(',')}] ${shape(e.type.asMap.key)} => ${shape(e.type.asMap.value)}`;
        lines.push(`storage ${e.name.toString()} ${e.modifier.toString()} ${ty} fallback ${e.fallback.toHex()}`);
      }
    }
    for (const c of p.constants) lines.push(`constant ${c.name.toString()} ${shape(c.type)} = ${c.value.toHex()}`);
    out.set(p.name.toString(), lines);
  }
  return out;
}

/** A short digest per pallet (first 16 hex digits of blake2-256 over its lines). */
export function palletDigests(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, lines] of palletShapes(metadata)) out[name] = blake2AsHex(lines.join('\n'), 256).slice(2, 18);
  return out;
}
