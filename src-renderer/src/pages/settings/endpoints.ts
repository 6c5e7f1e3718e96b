/**
 * The endpoint fields of a network as Settings edits them, and the same URL rule the backend's schema applies
 * (src-main/api/domains/networks.ts), so a bad URL is caught as it is typed; the backend still checks.
 */
import type { NetworkEndpoints } from '../../../../src-main/api/contract';

export const ENDPOINT_FIELDS: readonly { key: keyof NetworkEndpoints; label: string; protocols: readonly string[] }[] = [
  { key: 'substrate', label: 'Chain (Substrate)', protocols: ['ws:', 'wss:'] },
  { key: 'relay', label: 'RMB relay', protocols: ['ws:', 'wss:'] },
  { key: 'proxy', label: 'Grid proxy', protocols: ['http:', 'https:'] },
  { key: 'graphql', label: 'GraphQL', protocols: ['http:', 'https:'] },
  { key: 'activation', label: 'Activation', protocols: ['http:', 'https:'] },
  { key: 'bootstrap', label: 'Boot images', protocols: ['http:', 'https:'] },
];

/** Why a value is not a usable URL for that endpoint, or undefined when it is. */
export function endpointProblem(key: keyof NetworkEndpoints, value: string): string | undefined {
  const field = ENDPOINT_FIELDS.find((f) => f.key === key);
  if (!field) return undefined;
  const expected = `a URL starting with ${field.protocols.map((p) => `${p}//`).join(' or ')}`;
  const text = value.trim();
  if (!text) return `enter ${expected}`;
  if (text.length > 512) return 'at most 512 characters';
  try {
    if (field.protocols.includes(new URL(text).protocol)) return undefined;
  } catch {
    // falls through to the same message
  }
  return `enter ${expected}`;
}
