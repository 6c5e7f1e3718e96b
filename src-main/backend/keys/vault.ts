/**
 * The key vault: every account operation the API and the CLI offer. Secrets stay in this process: files hold only
 * password-encrypted keystores, and decrypted pairs live in memory until locked (explicitly or after inactivity).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, stringToU8a, u8aToHex } from '@polkadot/util';
import type { AccountInfo, CreateDraft, KeyType, ParamsOut, Signature } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { TopicBus } from '../events';
import { metaCreatedAt, metaForExport, metaGridbox, metaName, type AccountOrigin } from './account-meta';
import { canonicalAddress, publicKeyHex } from './address';
import { devAccount, devAccounts, devForbidden, devInfo, devSigner } from './dev-accounts';
import { checkChallenge, DraftStore } from './drafts';
import type { FileWrapper } from './file-wrapper';
import { KeyFiles, type KeyFileEntry, type KeyFileProblem } from './key-files';
import { checkMnemonic, generateMnemonic, pairFromMnemonic, pairFromSeed, parseSeed, rmbPublicKeyOf } from './key-material';
import { decryptAccount, decryptMnemonic, encryptAccount } from './keystore';
import { KeystoreFormatError, parseKeystoreText, type PjsKeystore } from './keystore-format';
import { cryptoReady } from './ready';
import { SealedBoxError } from './sealed-box';
import { UnlockedPairs } from './unlocked-pairs';

export type { KeyFileProblem } from './key-files';

export interface KeyVaultOptions {
  dir: string;
  bus: TopicBus;
  autoLockMinutes: number;
  fileWrapper?: FileWrapper;
  /** injectable clock for tests */
  now?: () => number;
}

export class KeyVault {
  readonly #now: () => number;
  readonly #files: KeyFiles;
  readonly #drafts: DraftStore;
  readonly #unlocked: UnlockedPairs;
  #writes: Promise<unknown> = Promise.resolve();
  #announcing: Promise<void> = Promise.resolve();

  constructor(readonly options: KeyVaultOptions) {
    this.#now = options.now ?? Date.now;
    this.#files = new KeyFiles(options.dir, options.fileWrapper);
    this.#drafts = new DraftStore(this.#now);
    this.#unlocked = new UnlockedPairs(this.#now, options.autoLockMinutes, () => void this.#announce());
    // Start loading the WASM crypto now; operations await it, and its pure-JS fallbacks cover the sync ones.
    cryptoReady().catch(() => {});
  }

  /** Saved accounts oldest first, then the development accounts. Reads only clear metadata: nothing is decrypted. */
  async list(): Promise<AccountInfo[]> {
    const { entries } = await this.#files.scan();
    const saved = entries
      .map((entry) => this.#info(entry.keystore, entry.mtimeMs))
      .sort((a, b) => a.createdAt - b.createdAt || a.address.localeCompare(b.address));
    return [...saved, ...devAccounts()];
  }

  /** Files in the keys folder that list() skipped, with the reason; they are never modified. */
  async listProblems(): Promise<KeyFileProblem[]> {
    return (await this.#files.scan()).problems;
  }

  createBegin({ words, type }: { words: 12 | 24; type: KeyType }): CreateDraft {
    const mnemonic = generateMnemonic(words);
    const pair = pairFromMnemonic(mnemonic, type);
    pair.lock();
    const draft = this.#drafts.add({ mnemonic, type, address: pair.address, publicKey: u8aToHex(pair.publicKey) });
    return {
      draftId: draft.id,
      address: draft.address,
      publicKey: draft.publicKey,
      type,
      mnemonic,
      challenge: [...draft.challenge],
      expiresAt: draft.expiresAt,
    };
  }

  async createConfirm(p: ParamsOut<'keys.createConfirm'>): Promise<AccountInfo> {
    checkChallenge(this.#drafts.get(p.draftId), p.words);
    return this.#serial(async () => {
      // Looked up again: a concurrent confirm of the same draft may have saved it meanwhile.
      const draft = this.#drafts.get(p.draftId);
      const info = await this.#save(pairFromMnemonic(draft.mnemonic, draft.type), p.name, p.password, 'generated', draft.mnemonic);
      this.#drafts.delete(draft.id);
      return info;
    });
  }

  createCancel(draftId: string): void {
    this.#drafts.delete(draftId);
  }

  async import(p: ParamsOut<'keys.import'>): Promise<AccountInfo> {
    await cryptoReady();
    const { source } = p;
    let pair: KeyringPair;
    let mnemonic: string | undefined;
    if (source.kind === 'mnemonic') {
      mnemonic = checkMnemonic(source.mnemonic);
      pair = pairFromMnemonic(mnemonic, source.type);
    } else if (source.kind === 'seed') {
      const seed = parseSeed(source.seed);
      pair = pairFromSeed(seed, source.type);
      seed.fill(0);
    } else {
      pair = await openImportedKeystore(source.json, source.jsonPassword);
    }
    return this.#serial(() => this.#save(pair, p.name, p.password, source.kind, mnemonic));
  }

  async revealMnemonic(address: string, password: string): Promise<{ mnemonic: string }> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    if (dev) throw devForbidden(dev, 'revealed');
    const { keystore } = await this.#entry(canonical);
    const name = metaName(keystore.meta);
    const { mnemonic: sealed, origin } = metaGridbox(keystore.meta);
    if (!sealed) {
      const from = origin === 'seed' ? 'a raw seed' : origin === 'json' ? 'a JSON keystore' : 'a raw seed or a JSON keystore';
      throw new ApiError('not_found', `Gridbox has no recovery phrase for "${name}": the account was imported from ${from}`);
    }
    let mnemonic: string;
    try {
      mnemonic = await decryptMnemonic(sealed, password);
    } catch (err) {
      throw storedFileError(err, name);
    }
    // Meta is outside the key's encryption, so prove the phrase really belongs to this account before showing it.
    let belongs = false;
    try {
      belongs = pairFromMnemonic(mnemonic, keystore.encoding.content[1]).address === canonical;
    } catch {
      belongs = false;
    }
    if (!belongs) throw new ApiError('corrupt_file', `the recovery phrase stored for "${name}" does not belong to its key`);
    return { mnemonic };
  }

  async export(address: string, password: string): Promise<{ json: string; filename: string }> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    if (dev) throw devForbidden(dev, 'exported');
    const { keystore } = await this.#entry(canonical);
    (await this.#decrypt(keystore, password)).lock();
    const { meta, ...rest } = keystore;
    return {
      json: JSON.stringify({ ...rest, meta: metaForExport(meta) }),
      filename: `${fileSafe(metaName(meta))}-${canonical}.json`,
    };
  }

  async rename(address: string, name: string): Promise<AccountInfo> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    if (dev) throw devForbidden(dev, 'renamed');
    return this.#serial(async () => {
      const { keystore } = await this.#entry(canonical);
      const renamed: PjsKeystore = { ...keystore, meta: { ...keystore.meta, name: name.trim() } };
      await this.#files.write(canonical, renamed);
      await this.#announce();
      return this.#info(renamed, this.#now());
    });
  }

  async remove(address: string): Promise<void> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    if (dev) throw devForbidden(dev, 'removed');
    await this.#serial(async () => {
      await this.#entry(canonical);
      await this.#files.remove(canonical);
      this.#unlocked.lock(canonical);
      await this.#announce();
    });
  }

  async unlock(address: string, password: string): Promise<AccountInfo> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    if (dev) return devInfo(dev);
    const { keystore, mtimeMs } = await this.#entry(canonical);
    const pair = await this.#decrypt(keystore, password);
    // Decrypting takes a while; a remove that ran meanwhile must not leave a pair unlocked for a deleted file.
    await this.#serial(async () => {
      await this.#entry(canonical);
      this.#unlocked.set(canonical, pair);
    });
    await this.#announce();
    return this.#info(keystore, mtimeMs);
  }

  /** Locks one account, or all when no address is given. Locking an account that is not unlocked is a no-op. */
  lock(address?: string): void {
    const changed = this.#unlocked.lock(address === undefined ? undefined : canonicalAddress(address));
    if (changed) void this.#announce();
  }

  async sign(address: string, message: string, encoding: 'hex' | 'utf8'): Promise<Signature> {
    const pair = await this.signer(address);
    const bytes = encoding === 'hex' ? hexMessage(message) : stringToU8a(message);
    return { signature: u8aToHex(pair.sign(bytes)), publicKey: u8aToHex(pair.publicKey), type: pair.type as KeyType };
  }

  /**
   * The unlocked key pair of an account, for signing extrinsics inside the backend (it never crosses the API).
   * Development accounts are always available; others must be unlocked.
   */
  async signer(address: string): Promise<KeyringPair> {
    const canonical = canonicalAddress(address);
    const dev = devAccount(canonical);
    const pair = dev ? devSigner(dev) : this.#unlocked.get(canonical);
    if (!pair) {
      await this.#entry(canonical);
      throw new ApiError('locked', 'unlock the account first');
    }
    return pair;
  }

  /**
   * The RMB key (`pk`) a twin of this account should announce, as grid_client derives it from the mnemonic; null for
   * development accounts and accounts imported without a mnemonic (grid_client sets it on its first connection).
   */
  async rmbPublicKey(address: string): Promise<string | null> {
    const canonical = canonicalAddress(address);
    if (devAccount(canonical)) return null;
    const { keystore } = await this.#entry(canonical);
    return metaGridbox(keystore.meta).rmbPk ?? null;
  }

  /** Any API request counts as activity and postpones the auto-lock. */
  touch(): void {
    this.#unlocked.touch();
  }

  setAutoLockMinutes(minutes: number): void {
    this.#unlocked.setMinutes(minutes);
  }

  /** Locks everything if the inactivity limit has passed (the timer calls this; tests call it after moving the clock). */
  checkAutoLock(): boolean {
    return this.#unlocked.check();
  }

  dispose(): void {
    this.#unlocked.dispose();
    this.#drafts.clear();
  }

  async #save(pair: KeyringPair, name: string, password: string, origin: AccountOrigin, mnemonic?: string): Promise<AccountInfo> {
    await cryptoReady();
    const address = pair.address;
    const dev = devAccount(address);
    if (dev) throw new ApiError('already_exists', `this is the development account ${dev.name}, which is always available`);
    const existing = await this.#files.read(address);
    if (existing.state === 'ok') {
      throw new ApiError('already_exists', `this account is already saved as "${metaName(existing.entry.keystore.meta)}"`);
    }
    if (existing.state === 'problem') {
      throw new ApiError(
        existing.problem.code,
        `an unreadable key file for this address is in the way (${existing.problem.reason}): move it out of the keys folder first`,
      );
    }
    const keystore = await encryptAccount(pair, password, { name: name.trim(), whenCreated: this.#now() }, { origin, ...(mnemonic ? { rmbPk: rmbPublicKeyOf(mnemonic) } : {}) }, mnemonic);
    await this.#files.write(address, keystore);
    this.#unlocked.set(address, pair);
    await this.#announce();
    return this.#info(keystore, this.#now());
  }

  async #entry(address: string): Promise<KeyFileEntry> {
    const read = await this.#files.read(address);
    if (read.state === 'missing') throw new ApiError('not_found', 'there is no saved account with this address');
    if (read.state === 'problem') {
      throw new ApiError(read.problem.code, `the key file for this account cannot be used: ${read.problem.reason}`);
    }
    return read.entry;
  }

  async #decrypt(keystore: PjsKeystore, password: string): Promise<KeyringPair> {
    await cryptoReady();
    try {
      return await decryptAccount(keystore, password);
    } catch (err) {
      throw storedFileError(err, metaName(keystore.meta));
    }
  }

  #info(keystore: PjsKeystore, fallbackCreatedAt: number): AccountInfo {
    const { address, meta } = keystore;
    return {
      address,
      publicKey: publicKeyHex(address),
      name: metaName(meta),
      type: keystore.encoding.content[1],
      createdAt: metaCreatedAt(meta) ?? Math.floor(fallbackCreatedAt),
      dev: false,
      locked: !this.#unlocked.has(address),
      hasMnemonic: !!metaGridbox(meta).mnemonic,
    };
  }

  /** Mutations run one at a time so two requests cannot race on the same file. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(task, task);
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** Sends the full list to subscribers, in order: each event reflects the state after the change that caused it. */
  #announce(): Promise<void> {
    this.#announcing = this.#announcing
      .then(async () => this.options.bus.emit('keys.changed', await this.list()))
      .catch(() => {});
    return this.#announcing;
  }
}

async function openImportedKeystore(json: string, password: string): Promise<KeyringPair> {
  try {
    return await decryptAccount(parseKeystoreText(json), password);
  } catch (err) {
    if (err instanceof SealedBoxError && err.kind === 'wrong_password') {
      throw new ApiError('wrong_password', 'the keystore password is wrong: use the password the file was exported with');
    }
    if (err instanceof KeystoreFormatError) throw new ApiError('invalid_keystore', `cannot import this file: ${err.message}`);
    if (err instanceof SealedBoxError) throw new ApiError('invalid_keystore', 'cannot import this file: the encrypted key is malformed');
    throw err;
  }
}

function storedFileError(err: unknown, name: string): unknown {
  if (err instanceof SealedBoxError && err.kind === 'wrong_password') {
    return new ApiError('wrong_password', `wrong password for "${name}"`);
  }
  if (err instanceof SealedBoxError || err instanceof KeystoreFormatError) {
    return new ApiError('corrupt_file', `the key file of "${name}" is damaged: ${err.message}`);
  }
  return err;
}

function hexMessage(message: string): Uint8Array {
  if (!/^0x(?:[0-9a-fA-F]{2})*$/.test(message)) {
    throw new ApiError('invalid_params', 'a hex message must be 0x followed by an even number of hexadecimal digits');
  }
  return hexToU8a(message);
}

function fileSafe(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40);
  return safe || 'account';
}
