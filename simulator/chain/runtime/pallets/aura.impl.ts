// Aura's behaviour: the current slot from the block's pre-runtime digest, and the genesis authorities.
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { aura } from './aura';

const AURA_ENGINE = 'aura';

/** The slot of the block being built, from System.Digest's `PreRuntime(*b"aura", slot)` (undefined without one). */
export function digestSlot(ctx: DispatchContext): bigint | undefined {
  const { logs } = ctx.storage<{ logs: Array<string | Record<string, unknown>> }>('System', 'Digest').get();
  for (const log of logs) {
    if (typeof log !== 'object' || !('PreRuntime' in log)) continue;
    const [engine, data] = log.PreRuntime as [Uint8Array, Uint8Array];
    if (Buffer.from(engine).toString('latin1') === AURA_ENGINE && data.length === 8) {
      return Buffer.from(data).readBigUInt64LE(0);
    }
  }
  return undefined;
}

export const auraImpl = definePalletImpl(aura, {
  onInitialize: (ctx) => {
    const slot = digestSlot(ctx);
    if (slot !== undefined) ctx.storage('CurrentSlot').set(slot);
  },
  genesis: (ctx, config) => {
    ctx.storage('Authorities').set(config.authorities.map((a) => a.aura));
  },
});
