/**
 * Uptime reports (grid-services.md §1.4): `reportUptimeV2(uptime, hint)` at boot and then on an interval. The hint
 * is chain time (`timestamp.now`), not the wall clock: in instant mode chain time runs ahead. The clock-skew fault
 * adds an offset, and beyond ±60 s the chain refuses with InvalidTimestampHint.
 */
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ChainSubmitter } from './chain-client';
import { chainNowMs } from './chain-client';

/** Zero-OS reports every 40 minutes; the local grid defaults to 40 s. */
export const ZOS_UPTIME_INTERVAL_SECS = 40 * 60;
export const LOCAL_UPTIME_INTERVAL_SECS = 40;

export interface UptimeReport {
  /** Chain time (ms) of the block the report is in, from its NodeUptimeReported event. */
  chainTimeMs: number;
  uptimeSecs: number;
}

export async function reportUptime(
  api: ApiPromise, submitter: ChainSubmitter, pair: KeyringPair, bootedAtMs: number, skewSecs: number,
): Promise<UptimeReport> {
  const hint = Math.floor((await chainNowMs(api)) / 1000) + Math.trunc(skewSecs);
  const uptimeSecs = Math.max(0, Math.floor((Date.now() - bootedAtMs) / 1000));
  const events = await submitter.submit(pair, 'tfgridModule', 'reportUptimeV2', uptimeSecs, hint);
  const reported = events.find((e) => e.method === 'NodeUptimeReported');
  const nowSecs = reported ? Number(reported.data[1]) : hint;
  return { chainTimeMs: nowSecs * 1000, uptimeSecs };
}
