// What the Contracts page says about time left and money, and the grace arithmetic behind it.
import { describe, expect, it } from 'vitest';
import { graceLeft } from '../../../src-main/backend/contracts/cost';
import { deploymentHash, signTestVm, testVmDeployment } from '../../../src-main/backend/contracts/vm-deployment';
import { duration, tft } from '../../../src-renderer/src/pages/contracts/format';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';

describe('grace period time left', () => {
  it('is 14 days of 6 s blocks from the block it started, less the blocks since', () => {
    const g = graceLeft(1000, { number: 1600, now: 1_800_000_000_000 });
    expect(g).toEqual({ since: 1000, endsAtBlock: 202_600, secondsLeft: (202_600 - 1600) * 6, endsAt: 1_800_000_000_000 + (202_600 - 1600) * 6000 });
    expect(duration(g.secondsLeft)).toBe('13 d 23 h');
  });

  it('never goes below zero once the period is over', () => {
    expect(graceLeft(10, { number: 300_000, now: 0 }).secondsLeft).toBe(0);
  });
});

describe('amounts and durations', () => {
  it('writes raw TFT as TFT', () => {
    expect(tft('250000')).toBe('0.025');
    expect(tft('5250000')).toBe('0.525');
    expect(tft('4200')).toBe('0.00042');
    expect(tft('0')).toBe('0');
  });

  it('writes the largest two units that matter', () => {
    expect(duration(5 * 3600 + 180)).toBe('5 h 3 min');
    expect(duration(42)).toBe('42 s');
    expect(duration(600)).toBe('10 min');
  });
});

describe('the test VM deployment', () => {
  it('is signed over its hash by the twin, as Zero-OS verifies it; the contract id is not part of the hash', async () => {
    await cryptoWaitReady();
    const pair = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const { deployment, name } = testVmDeployment(7, 3000);
    expect(name).toMatch(/^testvm[0-9a-f]{6}$/);
    const signed = signTestVm(deployment, 42, pair);
    expect(signed.contract_id).toBe(42);
    expect(deploymentHash(signed)).toBe(deploymentHash(deployment));
    const sig = signed.signature_requirement.signatures[0]!;
    expect(sig).toMatchObject({ twin_id: 7, signature_type: 'sr25519' });
    expect(signatureVerify(Buffer.from(deploymentHash(deployment), 'hex'), `0x${sig.signature}`, pair.address).isValid).toBe(true);
    expect(deployment.signature_requirement.signatures).toEqual([]);
  });
});
