/**
 * An optional outer layer around keystore files, on top of the password encryption. In Electron this is safeStorage
 * (the OS keychain) when the OS offers a real backend; elsewhere there is none. A wrapper never replaces the password.
 */
export interface FileWrapper {
  /** Shown to the user so they know how their keys are protected. */
  readonly kind: 'os-keychain';
  wrap(plain: string): string;
  unwrap(stored: string): string;
}
