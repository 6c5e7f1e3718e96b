export const MIN_PASSWORD_LENGTH = 8;

export interface Strength {
  /** 0 (too short) … 4 (strong) */
  score: 0 | 1 | 2 | 3 | 4;
  label: string;
  hint: string;
}

const COMMON = /^(password|passw0rd|12345678|123456789|1234567890|qwerty|qwertyui|iloveyou|letmein|threefold|gridbox|admin)/i;

/**
 * A rough, local estimate: length and variety, with penalties for repeats and well-known choices. It only guides;
 * the key file is protected by scrypt whatever the score, and nothing here leaves the page.
 */
export function passwordStrength(password: string): Strength {
  if (password.length === 0) return { score: 0, label: '', hint: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (password.length < MIN_PASSWORD_LENGTH) {
    const left = MIN_PASSWORD_LENGTH - password.length;
    return { score: 0, label: 'Too short', hint: `${left} more character${left === 1 ? '' : 's'} needed.` };
  }
  let classes = 0;
  if (/[a-z]/.test(password)) classes++;
  if (/[A-Z]/.test(password)) classes++;
  if (/[0-9]/.test(password)) classes++;
  if (/[^A-Za-z0-9]/.test(password)) classes++;
  const unique = new Set(password).size;

  let points = 0;
  if (password.length >= 10) points++;
  if (password.length >= 14) points++;
  if (password.length >= 20) points++;
  if (classes >= 3) points++;
  if (/\s/.test(password.trim()) && password.length >= 16) points++; // a passphrase of several words
  if (unique < 5 || COMMON.test(password)) points = 0;

  if (points <= 0) return { score: 1, label: 'Weak', hint: 'Easy to guess. Longer is better: try a few unrelated words.' };
  if (points === 1) return { score: 2, label: 'Fair', hint: 'A few more characters make it much harder to guess.' };
  if (points === 2) return { score: 3, label: 'Good', hint: 'Keep it somewhere safe: Gridbox cannot recover it.' };
  return { score: 4, label: 'Strong', hint: 'Keep it somewhere safe: Gridbox cannot recover it.' };
}
