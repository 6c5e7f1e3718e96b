// Builds a scale-info portable registry (the metadata's `lookup`) from declared TypeDefs.
//
// Ids are assigned in first-registration order, like scale-info's Registry: a type's id is reserved *before* its
// parameters and fields are registered, so recursive types (RuntimeCall → Utility.batch → Vec<RuntimeCall>) resolve
// to the id being built instead of looping (chain-rpc-notes trap 9). Identity is object identity (see dsl.ts).
import type { Field, OuterName, PrimitiveName, TypeDef, Variant } from '../runtime/types/dsl';

/** A portable field, variant, type, … in the object shapes @polkadot/types' `Si1*` codecs accept. */
export interface PortableField { name: string | null; type: number; typeName: string | null; docs: string[] }
export interface PortableVariant { name: string; fields: PortableField[]; index: number; docs: string[] }
export type PortableDef =
  | { Composite: { fields: PortableField[] } }
  | { Variant: { variants: PortableVariant[] } }
  | { Sequence: { type: number } }
  | { Array: { len: number; type: number } }
  | { Tuple: number[] }
  | { Primitive: string }
  | { Compact: { type: number } };
export interface PortableType {
  id: number;
  type: { path: string[]; params: Array<{ name: string; type: number | null }>; def: PortableDef; docs: string[] };
}

const PRIMITIVE: Record<PrimitiveName, string> = {
  bool: 'Bool', char: 'Char', str: 'Str',
  u8: 'U8', u16: 'U16', u32: 'U32', u64: 'U64', u128: 'U128', u256: 'U256',
  i8: 'I8', i16: 'I16', i32: 'I32', i64: 'I64', i128: 'I128', i256: 'I256',
};

export class PortableRegistryBuilder {
  readonly types: PortableType[] = [];
  readonly #ids = new Map<TypeDef, number>();
  readonly #outer: Readonly<Record<OuterName, TypeDef>>;

  /** `outer` resolves the runtime-level placeholders (RuntimeCall, RuntimeEvent, OriginCaller). */
  constructor(outer: Readonly<Record<OuterName, TypeDef>>) {
    this.#outer = outer;
  }

  /** The registry id of `t`, registering it (and everything it mentions) on first use. */
  idOf(t: TypeDef): number {
    if (t.kind === 'outer') return this.idOf(this.#outer[t.name]);
    const known = this.#ids.get(t);
    if (known !== undefined) return known;
    const id = this.types.length;
    this.#ids.set(t, id);
    const entry = { id } as PortableType;
    this.types.push(entry);
    entry.type = this.#describe(t);
    return id;
  }

  /** The id of an already registered type (for callers that must not grow the registry). */
  lookup(t: TypeDef): number | undefined {
    return t.kind === 'outer' ? this.lookup(this.#outer[t.name]) : this.#ids.get(t);
  }

  #field = (f: Field): PortableField =>
    ({ name: f.name ?? null, type: this.idOf(f.type), typeName: f.typeName ?? null, docs: [...(f.docs ?? [])] });

  #variant = (v: Variant): PortableVariant =>
    ({ name: v.name, fields: v.fields.map(this.#field), index: v.index, docs: [...(v.docs ?? [])] });

  #describe(t: Exclude<TypeDef, { kind: 'outer' }>): PortableType['type'] {
    const bare = (def: PortableDef): PortableType['type'] => ({ path: [], params: [], def, docs: [] });
    switch (t.kind) {
      case 'primitive':
        return bare({ Primitive: PRIMITIVE[t.primitive] });
      case 'compact':
        return bare({ Compact: { type: this.idOf(t.inner) } });
      case 'sequence':
        return bare({ Sequence: { type: this.idOf(t.inner) } });
      case 'array':
        return bare({ Array: { len: t.len, type: this.idOf(t.inner) } });
      case 'tuple':
        return bare({ Tuple: t.items.map((x) => this.idOf(x)) });
      case 'composite':
      case 'variant': {
        // Parameters first, then the definition: scale-info's order, which keeps ids stable and familiar.
        const params = t.params.map((p) => ({ name: p.name, type: p.type ? this.idOf(p.type) : null }));
        const def: PortableDef = t.kind === 'composite'
          ? { Composite: { fields: t.fields.map(this.#field) } }
          : { Variant: { variants: t.variants.map(this.#variant) } };
        return { path: [...t.path], params, def, docs: [...(t.docs ?? [])] };
      }
    }
  }
}
