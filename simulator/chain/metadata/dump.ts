// Writes the runtime's metadata as a 0x-hex string, for shared/tools/metadata-diff.mjs --hex.
// usage: npx tsx simulator/chain/metadata/dump.ts OUT_FILE [--v15]
// The output is generated; do not commit it.
import { writeFileSync } from 'node:fs';
import { u8aToHex } from '@polkadot/util';
import { runtime } from '../runtime';
import { buildMetadata } from './build';

const [out, flag] = process.argv.slice(2);
if (!out) {
  console.error('usage: tsx simulator/chain/metadata/dump.ts OUT_FILE [--v15]');
  process.exit(2);
}
const bytes = buildMetadata(runtime, flag === '--v15' ? 15 : 14);
writeFileSync(out, u8aToHex(bytes));
console.log(`wrote ${bytes.length} bytes of metadata to ${out}`);
