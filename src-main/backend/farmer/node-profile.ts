/**
 * The wizard's hardware description as a simulated node's hardware profile (simulator/node/profiles.ts), so the node
 * reports exactly what the farmer entered or detected.
 */
import type { HardwareProfile } from '../../../simulator/node/profiles';
import type { Hardware } from './preflight';

/** Where simulated farmer nodes say they are (the chain needs a valid location). */
const LOCATION = { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' };

export function nodeProfileOf(hw: Hardware): HardwareProfile {
  return {
    cru: hw.cru,
    mru: hw.mru,
    disks: hw.disks.map((d) => ({ type: d.type, size: d.size })),
    gpus: [],
    location: LOCATION,
    interfaceIps: [],
    ...(hw.serial ? { serial: hw.serial } : {}),
    secureBoot: hw.secureBoot,
    virtualized: hw.virtualized,
  };
}
