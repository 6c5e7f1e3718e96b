// Named snapshots of the chain (gridbox_snapshot*): a chain image per name, kept in memory for an in-memory chain
// and under <dataDir>/snapshots/<name>/ for a persistent one. Restoring one (or resetting to genesis) acts on
// connected clients like dev_setHead: the restored head is announced and subscriptions carry on.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockHash, ChainSnapshotApi, Hex, SnapshotInfoJson } from '../../rpc/chain-api';
import { INVALID_PARAMS, RpcError } from '../../rpc/errors';
import { writeFileAtomic, readFileAtomic } from './atomic-file';
import { FormatError } from './bytes';
import { decodeImage, encodeImage, type ChainImage } from './records';

export type SnapshotInfo = SnapshotInfoJson;

/** A refused snapshot operation; reaches RPC clients as Invalid params with this message. */
export class SnapshotError extends RpcError {
  constructor(message: string) {
    super(INVALID_PARAMS, message);
    this.name = 'SnapshotError';
  }
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function checkSnapshotName(name: string): string {
  if (!NAME.test(name) || name === '.' || name === '..') {
    throw new SnapshotError('a snapshot name is 1 to 64 letters, digits, "-", "_" or "." (and not "." or "..")');
  }
  return name;
}

const infoOf = (name: string, image: ChainImage): SnapshotInfo => ({
  name,
  blockNumber: image.head.header.number,
  blockHash: image.canonical.at(-1)!,
  savedAt: image.savedAt,
});

/** Where snapshot images are kept. */
export interface SnapshotBacking {
  save(name: string, image: ChainImage): SnapshotInfo;
  load(name: string): ChainImage | undefined;
  list(): SnapshotInfo[];
  delete(name: string): boolean;
}

export class MemorySnapshots implements SnapshotBacking {
  readonly #images = new Map<string, ChainImage>();

  save(name: string, image: ChainImage): SnapshotInfo {
    this.#images.set(name, image);
    return infoOf(name, image);
  }

  load(name: string): ChainImage | undefined {
    return this.#images.get(name);
  }

  list(): SnapshotInfo[] {
    return [...this.#images].map(([name, image]) => infoOf(name, image));
  }

  delete(name: string): boolean {
    return this.#images.delete(name);
  }
}

/** <dir>/<name>/image.bin (the chain image, atomic) and info.json (what snapshotList shows, without the state). */
export class DirSnapshots implements SnapshotBacking {
  constructor(readonly dir: string) {}

  save(name: string, image: ChainImage): SnapshotInfo {
    const at = join(this.dir, name);
    mkdirSync(at, { recursive: true });
    const info = infoOf(name, image);
    writeFileAtomic(join(at, 'image.bin'), encodeImage(image));
    writeFileAtomic(join(at, 'info.json'), Buffer.from(JSON.stringify(info)));
    return info;
  }

  load(name: string): ChainImage | undefined {
    const path = join(this.dir, name, 'image.bin');
    if (!existsSync(path)) return undefined;
    try {
      return decodeImage(readFileAtomic(path));
    } catch (error) {
      if (error instanceof FormatError) throw new SnapshotError(`snapshot ${name} cannot be read: ${error.message}`);
      throw error;
    }
  }

  list(): SnapshotInfo[] {
    if (!existsSync(this.dir)) return [];
    const out: SnapshotInfo[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      try {
        out.push(JSON.parse(Buffer.from(readFileAtomic(join(this.dir, name, 'info.json'))).toString('utf8')) as SnapshotInfo);
      } catch {
        // A snapshot whose save was interrupted: not listed (its image may be missing).
      }
    }
    return out;
  }

  delete(name: string): boolean {
    const at = join(this.dir, name);
    if (!existsSync(at)) return false;
    rmSync(at, { recursive: true, force: true });
    return true;
  }
}

/** What ChainSnapshots needs from the chain. */
export interface SnapshotHost {
  readonly genesisHash: Hex;
  /** The best block's image. */
  headImage(): ChainImage;
  genesisImage(): ChainImage;
  /** Makes `image` the chain (persisting it first) and announces its head; resolves with the head hash. */
  restoreImage(image: ChainImage): BlockHash;
}

/** gridbox_snapshotSave / List / Restore / Delete and gridbox_reset. */
export class ChainSnapshots implements ChainSnapshotApi {
  #backing: SnapshotBacking = new MemorySnapshots();

  constructor(private readonly host: SnapshotHost) {}

  /** Persistent chains keep their snapshots on disk. */
  useBacking(backing: SnapshotBacking): void {
    this.#backing = backing;
  }

  snapshotSave(name: string): SnapshotInfo {
    return this.#backing.save(checkSnapshotName(name), this.host.headImage());
  }

  snapshotList(): SnapshotInfo[] {
    return this.#backing.list();
  }

  snapshotRestore(name: string): BlockHash {
    const image = this.#backing.load(checkSnapshotName(name));
    if (!image) throw new SnapshotError(`no snapshot named ${name}`);
    if (image.genesisHash !== this.host.genesisHash) {
      throw new SnapshotError(`snapshot ${name} belongs to another chain (genesis ${image.genesisHash}, this chain's is ${this.host.genesisHash})`);
    }
    return this.host.restoreImage(image);
  }

  snapshotDelete(name: string): boolean {
    return this.#backing.delete(checkSnapshotName(name));
  }

  reset(): BlockHash {
    return this.host.restoreImage(this.host.genesisImage());
  }
}
