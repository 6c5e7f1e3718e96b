import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../../simulator/node/control-server';
import { parseFaults } from '../../../simulator/node/host';
import { loadOrCreateIdentity } from '../../../simulator/node/identity';
import { PRESETS } from '../../../simulator/node/profiles';
import { nodeDiffers, registrationArgs, relayHostOf } from '../../../simulator/node/registration';

describe('registration', () => {
  it('keeps the identity across boots and derives what createNode sends from the profile', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gridbox-identity-'));
    try {
      const a = await loadOrCreateIdentity(dir);
      const b = await loadOrCreateIdentity(dir);
      expect(b.address).toBe(a.address);
      expect(a.pair.type).toBe('ed25519');
      const args = registrationArgs(3, PRESETS.medium, a);
      expect(args.resources).toEqual({ cru: 8, mru: 32 * 1024 ** 3, sru: 1024 * 1024 ** 3, hru: 4096 * 1024 ** 3 });
      expect(args.interfaces[0]!.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const onChain = { farmId: 3, resources: { ...args.resources, sru: String(args.resources.sru) }, secureBoot: false, virtualized: true };
      expect(nodeDiffers(onChain, args)).toBe(false);
      expect(nodeDiffers({ ...onChain, resources: { ...onChain.resources, cru: 4 } }, args)).toBe(true);
      expect(nodeDiffers({ ...onChain, farmId: 4 }, args)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('registers the relay as a bare host name, valid on chain', () => {
    expect(relayHostOf('ws://127.0.0.1:8080')).toBe('127.0.0.1');
    expect(relayHostOf('wss://relay.local/')).toBe('relay.local');
  });
});

describe('control API input', () => {
  it('accepts the right bearer token only', () => {
    expect(tokenMatches('Bearer s3cret', 's3cret')).toBe(true);
    expect(tokenMatches('Bearer s3cre', 's3cret')).toBe(false);
    expect(tokenMatches('s3cret', 's3cret')).toBe(false);
    expect(tokenMatches(undefined, 's3cret')).toBe(false);
  });

  it('parses faults strictly', () => {
    expect(parseFaults({ pauseUptime: true, clockSkewSecs: -90 })).toEqual({ pauseUptime: true, clockSkewSecs: -90 });
    expect(() => parseFaults({ pauseUptime: 1 })).toThrow(/pauseUptime must be a boolean/);
    expect(() => parseFaults({ skew: 1 })).toThrow(/unknown fault skew/);
    expect(() => parseFaults([])).toThrow(/JSON object/);
  });
});
