// GRANDPA's genesis: the authority set under the well-known `:grandpa_authorities` key (VersionedAuthorityList,
// version 1), where this version of pallet_grandpa keeps it, and the first set id's session.
import { compactToU8a, u8aConcat } from '@polkadot/util';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { grandpa } from './grandpa';

/** `:grandpa_authorities` */
export const GRANDPA_AUTHORITIES_KEY = `0x${Buffer.from(':grandpa_authorities').toString('hex')}`;
const AUTHORITY_WEIGHT = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0);

export const grandpaImpl = definePalletImpl(grandpa, {
  genesis: (ctx, config) => {
    const keys = config.authorities.map((a) => u8aConcat(a.grandpa, AUTHORITY_WEIGHT));
    ctx.env.set(GRANDPA_AUTHORITIES_KEY, u8aConcat([1], compactToU8a(keys.length), ...keys));
    ctx.storage('CurrentSetId').set(0n);
    ctx.storage('SetIdSession').set(0n, 0);
  },
});
