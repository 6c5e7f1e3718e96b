/**
 * Which network a contracts call is for. Only the local grid has a chain connection in this backend so far; the
 * parameter is in the API already so that live networks join without changing it.
 */
import type { NetworkId } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { NetworkProfiles } from '../networks/networks';

export function requireLocal(network: NetworkId, networks: NetworkProfiles): void {
  if (network === 'local') return;
  throw new ApiError('unavailable', `contracts on ${networks.get(network).label} are not available in Gridbox yet: choose the local grid, or manage them in the ThreeFold dashboard`);
}
