// Aura (index 12, pallet_aura): storage only. tfchain.md §2.7.
import { definePallet, plain } from '../pallet';
import { boundedVec } from '../types/dsl';
import { AuraId, Slot } from '../types/consensus';

export const aura = definePallet({
  name: 'Aura',
  index: 12,
  crate: 'pallet_aura',
  storage: {
    Authorities: plain(boundedVec(AuraId)),
    CurrentSlot: plain(Slot),
  },
});
