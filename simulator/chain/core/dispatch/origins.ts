// Origins as the runtime's `OriginCaller` values: `system(RawOrigin)` and `Council(pallet_collective::RawOrigin)`, the
// two origin-carrying pallets of TFChain's construct_runtime. Utility.dispatch_as takes one; anything that records or
// re-dispatches an origin goes through here so both directions agree.
import { badOrigin } from './errors';
import type { AccountId, Origin } from './types';

/** The `OriginCaller` value of an origin, in the codec's plain-JS shape. */
export function originCallerOf(origin: Origin): Record<string, unknown> {
  switch (origin.kind) {
    case 'root': return { system: 'Root' };
    case 'none': return { system: 'None' };
    case 'signed': return { system: { Signed: origin.who } };
    case 'council': return { Council: { Members: [origin.yes, origin.total] } };
    case 'councilMember': return { Council: { Member: origin.who } };
  }
}

/** An `OriginCaller` value (as decoded) to an origin; `_Phantom` and unknown callers are BadOrigin. */
export function originFromCaller(caller: unknown): Origin {
  const c = caller as Record<string, unknown>;
  if ('system' in c) {
    const raw = c.system as 'Root' | 'None' | { Signed: AccountId };
    if (raw === 'Root') return { kind: 'root' };
    if (raw === 'None') return { kind: 'none' };
    if (typeof raw === 'object' && raw !== null && 'Signed' in raw) return { kind: 'signed', who: raw.Signed };
  }
  if ('Council' in c) {
    const raw = c.Council as { Members?: [number, number]; Member?: AccountId };
    if (raw.Members) return { kind: 'council', yes: raw.Members[0], total: raw.Members[1] };
    if (raw.Member) return { kind: 'councilMember', who: raw.Member };
  }
  throw badOrigin();
}

/** `EnsureProportionAtLeast<N, D>`: a `Members(yes, total)` origin with yes/total ≥ N/D. */
export const isCouncilProportion = (origin: Origin, numerator: number, denominator: number): boolean =>
  origin.kind === 'council' && origin.yes * denominator >= numerator * origin.total;
