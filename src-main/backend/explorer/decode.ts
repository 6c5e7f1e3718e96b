/**
 * Turns a block and its events, as @polkadot/api decodes them from the chain's own metadata, into the explorer's
 * plain rows. Kept free of any connection so it can be tested against a real chain's blocks directly.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SignedBlock } from '@polkadot/types/interfaces';
import type { FrameSystemEventRecord } from '@polkadot/types/lookup';
import type { BlockDetail, EventView, ExtrinsicView } from '../../api/contract';

const MAX_JSON = 2000;
const ACCOUNT_TYPES = new Set(['AccountId', 'AccountId32', 'T::AccountId']);

export function decodeBlock(api: ApiPromise, signed: SignedBlock, records: readonly FrameSystemEventRecord[]): BlockDetail {
  const { block } = signed;
  const number = block.header.number.toNumber();
  const events = records.map((record, index) => eventView(number, index, record));
  let timestamp = 0;
  const extrinsics: ExtrinsicView[] = block.extrinsics.map((ex, index) => {
    const { section, method } = ex.method;
    if (section === 'timestamp' && method === 'set') timestamp = Number(ex.method.args[0]?.toString() ?? 0);
    const outcome = records.find((r) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index
      && r.event.section === 'system' && (r.event.method === 'ExtrinsicSuccess' || r.event.method === 'ExtrinsicFailed'));
    const failed = outcome?.event.method === 'ExtrinsicFailed';
    return {
      block: number,
      index,
      hash: ex.hash.toHex(),
      section,
      method,
      ...(ex.isSigned ? { signer: ex.signer.toString() } : {}),
      args: cut(JSON.stringify((ex.method.toHuman(false) as { args?: unknown } | null)?.args ?? null)),
      success: !failed,
      ...(failed && outcome ? { error: describeDispatchError(api, outcome.event.data[0]) } : {}),
    };
  });
  // An account's events include those its own extrinsics caused (a contract created, a twin stored).
  for (const e of events) {
    const signer = e.extrinsic === undefined ? undefined : extrinsics[e.extrinsic]?.signer;
    if (signer && !e.accounts.includes(signer)) e.accounts.push(signer);
  }
  const userExtrinsics = extrinsics.filter((e) => !(e.section === 'timestamp' && e.method === 'set'));
  return {
    block: {
      number,
      hash: block.header.hash.toHex(),
      timestamp,
      extrinsics: userExtrinsics.length,
      events: events.length,
      failed: extrinsics.filter((e) => !e.success).length,
    },
    extrinsics,
    events,
  };
}

function eventView(block: number, index: number, record: FrameSystemEventRecord): EventView {
  const { event, phase } = record;
  const accounts: string[] = [];
  const twins: number[] = [];
  const names = (event.data as unknown as { names?: string[] | null }).names ?? [];
  event.data.forEach((value, i) => {
    const type = event.typeDef[i]?.type ?? '';
    if (ACCOUNT_TYPES.has(type)) accounts.push(value.toString());
    const name = names[i] ?? '';
    if (/^twin_?id$/i.test(name)) twins.push(Number(value.toString()));
  });
  // Twins also hide inside structs: TwinStored carries a Twin (its id and account), ContractCreated a Contract.
  const isTwin = event.section === 'tfgridModule' && /^Twin(Stored|Updated)$/.test(event.method);
  event.data.forEach((value) => {
    const json = value.toJSON() as { id?: unknown; twinId?: unknown; accountId?: unknown } | null;
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return;
    const twin = isTwin ? json.id : json.twinId;
    if (typeof twin === 'number' && !twins.includes(twin)) twins.push(twin);
    if (isTwin && typeof json.accountId === 'string') accounts.push(json.accountId);
  });
  return {
    block,
    index,
    section: event.section,
    method: event.method,
    data: cut(JSON.stringify(event.data.toHuman())),
    ...(phase.isApplyExtrinsic ? { extrinsic: phase.asApplyExtrinsic.toNumber() } : {}),
    accounts,
    twins,
  };
}

/** A dispatch error as `pallet.Error: its documentation`, or its raw form when the metadata does not know it. */
export function describeDispatchError(api: ApiPromise, error: unknown): string {
  const e = error as { isModule?: boolean; asModule?: Parameters<ApiPromise['registry']['findMetaError']>[0]; type?: string; toString(): string } | undefined;
  if (e?.isModule && e.asModule) {
    try {
      const meta = api.registry.findMetaError(e.asModule);
      const docs = meta.docs.join(' ').trim();
      return `${meta.section}.${meta.name}${docs ? `: ${docs}` : ''}`;
    } catch {
      // An error index this metadata does not know: fall through to the raw form.
    }
  }
  return e?.type ?? e?.toString() ?? 'failed';
}

function cut(text: string): string {
  return text.length > MAX_JSON ? `${text.slice(0, MAX_JSON - 1)}…` : text;
}
