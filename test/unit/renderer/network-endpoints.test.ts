// Settings checks endpoint URLs as they are typed; it must refuse exactly what the backend's schema refuses, so a URL
// the form accepts is never rejected on save, and the form says what to type.
import { describe, expect, it } from 'vitest';
import { methods } from '../../../src-main/api/contract';
import { endpointProblem, ENDPOINT_FIELDS } from '../../../src-renderer/src/pages/settings/endpoints';

const SAMPLES = [
  'wss://tfchain.dev.grid.tf/ws',
  'ws://127.0.0.1:9944',
  'https://gridproxy.grid.tf',
  'http://127.0.0.1:8080/graphql',
  '  wss://relay.grid.tf  ',
  'ftp://example.org',
  'tfchain.grid.tf',
  'wss//missing-colon',
  '',
  `https://${'a'.repeat(520)}.tf`,
];

describe('endpoint validation in Settings', () => {
  it('agrees with networks.update on every endpoint and sample', () => {
    for (const { key } of ENDPOINT_FIELDS) {
      for (const value of SAMPLES) {
        const backendAccepts = methods['networks.update'].params.safeParse({ id: 'dev', endpoints: { [key]: value } }).success;
        expect(endpointProblem(key, value) === undefined, `${key} = ${JSON.stringify(value)}`).toBe(backendAccepts);
      }
    }
  });

  it('says which schemes the endpoint takes', () => {
    expect(endpointProblem('substrate', 'https://tfchain.grid.tf')).toBe('enter a URL starting with ws:// or wss://');
    expect(endpointProblem('graphql', 'graphql.grid.tf')).toBe('enter a URL starting with http:// or https://');
  });
});
