// Timestamp's behaviour: the `set` inherent every block carries at index 0, and the once-per-block check.
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { DB_WEIGHT } from './system';
import { timestamp } from './timestamp';

export const timestampImpl = definePalletImpl(timestamp, {
  calls: {
    set: {
      weight: { refTime: 8_867_000 + 2 * DB_WEIGHT.read + DB_WEIGHT.write, proofSize: 1_493 },
      class: 'Mandatory',
      dispatch: (ctx, { now }: { now: bigint }) => {
        ctx.ensureNone();
        // FRAME panics here (the block is invalid); the executive never builds such a block.
        if (ctx.storage('DidUpdate').get()) throw new Error('Timestamp must be updated only once in the block');
        ctx.storage('Now').set(now);
        ctx.storage('DidUpdate').set(true);
      },
    },
  },
  onFinalize: (ctx) => {
    ctx.storage('DidUpdate').remove();
  },
});
