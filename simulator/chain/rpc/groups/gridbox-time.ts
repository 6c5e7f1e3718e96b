/**
 * gridbox_time*: time control for the whole local grid (Gridbox's own methods), served from `ChainTimeApi`:
 * - gridbox_timeStatus() → { mode, blockTimeMs, best: { number, hash, timestamp }, wallClock, aheadMs, jump }
 * - gridbox_timeJump(seconds) → { fromBlock, toBlock, blocks, fromTime, toTime, ms }: every block in between is built,
 *   one 6 s slot apart (seconds rounded up to whole slots; at most 30 days), and announced; heads show the progress
 * - gridbox_timeMode(mode, blockTimeMs?) → the status after the change; mode as dev_setBlockBuildMode's
 *   (Instant, Batch, Manual, Interval, any case); blockTimeMs sets interval mode's block time
 * Bad input is Invalid params with the reason; block-making dev_* calls during a jump are "Server is busy".
 */
import * as z from 'zod';
import type { ChainTimeApi } from '../chain-api';
import { invalidParams } from '../errors';
import { defineRpcGroup, type RpcGroup } from '../group';
import { parseParams, zOption } from '../params';
import { BUILD_MODES } from './dev';

export function gridboxTimeGroup(time: ChainTimeApi): RpcGroup {
  return defineRpcGroup({
    name: 'gridbox-time',
    methods: {
      gridbox_timeStatus: { params: [], handler: () => time.timeStatus() },
      gridbox_timeJump: {
        params: ['seconds'],
        handler: (params) => {
          // The value itself is checked by the chain, which words the reason (negative, too large, not a number).
          const [seconds] = parseParams(params, z.tuple([zOption(z.unknown())]));
          return time.timeJump(seconds as number);
        },
      },
      gridbox_timeMode: {
        params: ['mode', 'blockTimeMs'],
        handler: (params) => {
          const [mode, blockTimeMs] = parseParams(params, z.tuple([z.string().max(32), zOption(z.unknown())]));
          const known = BUILD_MODES[mode.toLowerCase()];
          if (!known) throw invalidParams(`unknown block mode ${mode} (instant, interval, manual or batch)`);
          if (blockTimeMs !== undefined && known !== 'Interval') throw invalidParams('blockTimeMs goes with the Interval mode only');
          return time.setTimeMode(known, blockTimeMs as number | undefined);
        },
      },
    },
  });
}
