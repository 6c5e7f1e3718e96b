/**
 * dev_*: controls a real node lacks, named and shaped as in Chopsticks so existing scripts work, served from
 * `ChainDevApi`:
 * - dev_newBlock({count?, to?, transactions?}?) → hash of the last block built
 * - dev_timeTravel(date: ISO string | ms number) → the new timestamp (ms)
 * - dev_setBlockBuildMode('Instant' | 'Batch' | 'Manual' | 'Interval') → null
 * - dev_setStorage(values, at?) → block hash (written into that block's state in place, like Chopsticks)
 * - dev_setHead(hash | number) → block hash
 */
import * as z from 'zod';
import type { BlockBuildMode, ChainDevApi } from '../chain-api';
import { invalidParams } from '../errors';
import { defineRpcGroup, type RpcGroup } from '../group';
import { parseParams, zHash, zHex, zOption } from '../params';

const newBlockParams = z.tuple([zOption(z.object({
  count: z.number().int().min(0).max(10_000).optional(),
  to: z.number().int().min(0).optional(),
  transactions: z.array(zHex).optional(),
  // Chopsticks' other options (dmp, ump, hrmp, unsafeBlockHeight) are parachain-only and ignored.
}).loose())]);

/** dev_setBlockBuildMode's modes by lower-case name (gridbox_timeMode takes the same). */
export const BUILD_MODES: Record<string, BlockBuildMode> = {
  instant: 'Instant', batch: 'Batch', manual: 'Manual', interval: 'Interval',
};

export function devGroup(chain: ChainDevApi): RpcGroup {
  return defineRpcGroup({
    name: 'dev',
    methods: {
      dev_newBlock: {
        params: ['param'],
        handler: (params) => {
          const [options = {}] = parseParams(params, newBlockParams);
          return chain.newBlock(options);
        },
      },
      dev_timeTravel: {
        params: ['date'],
        handler: (params) => {
          const [date] = parseParams(params, z.tuple([z.union([z.number(), z.string()])]));
          const ms = typeof date === 'number' ? date : Date.parse(date);
          if (!Number.isSafeInteger(ms) || ms < 0) throw invalidParams('expected a timestamp in ms or an ISO date');
          return chain.timeTravel(ms);
        },
      },
      dev_setBlockBuildMode: {
        params: ['mode'],
        handler: async (params) => {
          const [mode] = parseParams(params, z.tuple([z.string()]));
          const known = BUILD_MODES[mode.toLowerCase()];
          if (!known) throw invalidParams(`unknown block build mode ${mode}`);
          await chain.setBlockBuildMode(known);
          return null;
        },
      },
      dev_setStorage: {
        params: ['values', 'blockHash'],
        handler: (params) => {
          const [values, at] = parseParams(params, z.tuple([
            z.union([z.array(z.tuple([zHex, zHex.nullable()])), z.record(z.string(), z.record(z.string(), z.unknown()))]),
            zOption(zHash),
          ]));
          return chain.setStorage(values, at);
        },
      },
      dev_setHead: {
        params: ['hashOrNumber'],
        handler: (params) => {
          const [target] = parseParams(params, z.tuple([z.union([zHash, z.number().int()])]));
          return chain.setHead(target);
        },
      },
    },
  });
}
