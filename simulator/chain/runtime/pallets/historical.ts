// Historical (index 14, pallet_session::historical): occupies its index only; nothing appears in the metadata.
import { definePallet } from '../pallet';

export const historical = definePallet({ name: 'Historical', index: 14, crate: 'pallet_session::historical' });
