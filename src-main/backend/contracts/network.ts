/**
 * The test VM runs on the local grid only: it deploys through the local relay to a simulated node, and a real node
 * on a live network is for grid_client or the ThreeFold dashboard.
 */
import type { NetworkId } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { NetworkProfiles } from '../networks/networks';

export function requireLocal(network: NetworkId, networks: NetworkProfiles): void {
  if (network === 'local') return;
  throw new ApiError('unavailable', `test deployments run on the local grid only, not on ${networks.get(network).label}: choose the local grid, or deploy with grid_client or the ThreeFold dashboard`);
}
