/**
 * The node's identity, as Zero-OS keeps it: a 32-byte ed25519 seed generated on first boot and stored in the node's
 * directory, so a restarted or crashed node comes back as the same account, twin and node.
 */
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex, hexToU8a, isHex } from '@polkadot/util';
import { base58Encode, cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto';

export interface NodeIdentity {
  readonly pair: KeyringPair;
  /** SS58 (prefix 42) of the ed25519 public key. */
  readonly address: string;
  /** Zero-OS's node identity string: base58 of the public key. */
  readonly zosId: string;
  /** A stable locally administered MAC derived from the key, for the `zos` interface. */
  readonly mac: string;
}

const FILE = 'identity.json';

interface IdentityFile { version: 1; seed: string }

export async function loadOrCreateIdentity(dir: string): Promise<NodeIdentity> {
  await cryptoWaitReady();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, FILE);
  let seed: Uint8Array;
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<IdentityFile>;
    if (parsed.version !== 1 || typeof parsed.seed !== 'string' || !isHex(parsed.seed, 256)) {
      throw new Error(`${path} is not a node identity (expected {"version":1,"seed":"0x…32 bytes"})`);
    }
    seed = hexToU8a(parsed.seed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    seed = randomAsU8a(32);
    const body: IdentityFile = { version: 1, seed: u8aToHex(seed) };
    // Written aside then renamed: a crash mid-write must not leave a node without its key.
    await writeFile(`${path}.tmp`, JSON.stringify(body), { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  }
  return identityFromSeed(seed);
}

export function identityFromSeed(seed: Uint8Array): NodeIdentity {
  const pair = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromSeed(seed);
  const pk = pair.publicKey;
  const macBytes = [0x02, pk[0]!, pk[1]!, pk[2]!, pk[3]!, pk[4]!];
  const mac = macBytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
  return { pair, address: pair.address, zosId: base58Encode(pk), mac };
}
