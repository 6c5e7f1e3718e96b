/**
 * Subscription ids as a Substrate node makes them: jsonrpsee's `RandomStringIdProvider::new(16)`, i.e. 16 random
 * ASCII alphanumerics. polkadot-js accepts strings or numbers; random strings also keep one client from guessing
 * another's ids (they are per connection anyway).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const SUBSCRIPTION_ID_LENGTH = 16;

export function randomSubscriptionId(): string {
  let id = '';
  while (id.length < SUBSCRIPTION_ID_LENGTH) {
    for (const byte of randomBytes(SUBSCRIPTION_ID_LENGTH * 2)) {
      // 248 = 4 × 62: rejecting the top bytes keeps every character equally likely.
      if (byte < 248 && id.length < SUBSCRIPTION_ID_LENGTH) id += ALPHABET[byte % 62];
    }
  }
  return id;
}
