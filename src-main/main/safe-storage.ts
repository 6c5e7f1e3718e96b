/**
 * The OS keychain as an outer wrapper for key files (see backend/keys/file-wrapper.ts). Takes a safeStorage-like
 * object instead of importing Electron, so the policy below is unit-tested.
 */
import type { FileWrapper } from '../backend/keys/file-wrapper';

/** The part of Electron's safeStorage this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron. */
  getSelectedStorageBackend?(): string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function createSafeStorageWrapper(safeStorage: SafeStorageLike): FileWrapper {
  return {
    kind: 'os-keychain',
    wrap: (plain) => safeStorage.encryptString(plain).toString('base64'),
    unwrap: (stored) => {
      // Buffer.from silently skips characters that are not base64; a damaged file must fail loudly instead.
      const trimmed = stored.trim();
      if (trimmed.length % 4 !== 0 || !BASE64.test(trimmed)) throw new Error('the wrapped key file is not valid base64');
      return safeStorage.decryptString(Buffer.from(trimmed, 'base64'));
    },
  };
}

/**
 * The wrapper to use, or undefined when the OS offers no real protection. On Linux without a secret service,
 * safeStorage "encrypts" with a hard-coded password (the basic_text backend): wrapping with that would claim a
 * protection that does not exist, so the password alone protects the keys there. 'unknown' means Electron could not
 * tell (or was asked before the app was ready); it is refused for the same reason.
 *
 * Must be called after app 'ready': before that, isEncryptionAvailable() is meaningless.
 */
export function chooseFileWrapper(safeStorage: SafeStorageLike, platform: NodeJS.Platform): FileWrapper | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.();
    if (backend === undefined || backend === 'basic_text' || backend === 'unknown') return undefined;
  }
  return createSafeStorageWrapper(safeStorage);
}
