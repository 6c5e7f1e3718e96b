/**
 * The grid proxy's node status (threefoldtech/tfgrid-sdk-go grid-proxy/pkg/nodestatus): `up` when the last uptime
 * report is at most two report periods (2 × 40 min) old and the node is powered on (or has no power record);
 * `standby` when the farmer powered it down (or it is on its way up or down) and it reported within a day; else
 * `down`. "Now" is the chain time of the index head, so the chain's time travel moves statuses as real time does.
 */
import type { PowerState } from '../indexer/model';

export type NodeStatus = 'up' | 'down' | 'standby';

export const UP_REPORT_INTERVAL_SECS = 40 * 60;
export const UP_WINDOW_SECS = 2 * UP_REPORT_INTERVAL_SECS;
export const STANDBY_WINDOW_SECS = 24 * 3600;

export function nodeStatus(power: { state: PowerState; target: PowerState }, updatedAtSecs: number, nowSecs: number): NodeStatus {
  const poweredOn = power.state === 'Up' && power.target === 'Up';
  if (poweredOn && updatedAtSecs >= nowSecs - UP_WINDOW_SECS) return 'up';
  if (!poweredOn && updatedAtSecs >= nowSecs - STANDBY_WINDOW_SECS) return 'standby';
  return 'down';
}
