import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chooseFileWrapper, createSafeStorageWrapper, type SafeStorageLike } from '../../../src-main/main/safe-storage';

/** A stand-in for safeStorage with real (AES-GCM) encryption, so a wrong or damaged blob really fails. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(blob) {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
    },
    ...(options.backend !== undefined ? { getSelectedStorageBackend: () => options.backend as string } : {}),
  };
}

describe('createSafeStorageWrapper', () => {
  it('round-trips text through base64 of the encrypted bytes', () => {
    const wrapper = createSafeStorageWrapper(fakeSafeStorage());
    const plain = JSON.stringify({ encoded: 'abc', meta: { name: 'Farm – ü 🚜' } });
    const wrapped = wrapper.wrap(plain);
    expect(wrapped).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(wrapped).not.toContain('Farm');
    expect(wrapper.unwrap(wrapped)).toBe(plain);
    expect(wrapper.kind).toBe('os-keychain');
  });

  it('tolerates surrounding whitespace (a trailing newline in the file)', () => {
    const wrapper = createSafeStorageWrapper(fakeSafeStorage());
    expect(wrapper.unwrap(`${wrapper.wrap('x')}\n`)).toBe('x');
  });

  it('fails loudly on damaged or foreign data', () => {
    const wrapper = createSafeStorageWrapper(fakeSafeStorage());
    const other = createSafeStorageWrapper(fakeSafeStorage());
    const wrapped = wrapper.wrap('secret');
    expect(() => wrapper.unwrap('{"encoded":"plain json"}')).toThrow();
    expect(() => wrapper.unwrap(`${wrapped.slice(0, -4)}AAAA`)).toThrow();
    expect(() => other.unwrap(wrapped)).toThrow();
  });
});

describe('chooseFileWrapper', () => {
  it('uses the keychain on macOS and Windows when encryption is available', () => {
    expect(chooseFileWrapper(fakeSafeStorage(), 'darwin')?.kind).toBe('os-keychain');
    expect(chooseFileWrapper(fakeSafeStorage(), 'win32')?.kind).toBe('os-keychain');
  });

  it('uses a real Linux secret store', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(chooseFileWrapper(fakeSafeStorage({ backend }), 'linux')?.kind, backend).toBe('os-keychain');
    }
  });

  it("refuses Linux's basic_text fallback (a hard-coded password) and an undetermined backend", () => {
    expect(chooseFileWrapper(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toBeUndefined();
    expect(chooseFileWrapper(fakeSafeStorage({ backend: 'unknown' }), 'linux')).toBeUndefined();
    expect(chooseFileWrapper(fakeSafeStorage(), 'linux')).toBeUndefined();
  });

  it('refuses when encryption is not available at all', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      expect(chooseFileWrapper(fakeSafeStorage({ available: false, backend: 'gnome_libsecret' }), platform)).toBeUndefined();
    }
  });
});
