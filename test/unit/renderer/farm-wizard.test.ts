import { describe, expect, it } from 'vitest';
import type { FarmerStatus } from '../../../src-main/api/contract';
import { fromProfile, toProfile } from '../../../src-renderer/src/pages/farm/hardware';
import { firstOpenStep, formatTft, reachable, stepsFor, type WizardFacts } from '../../../src-renderer/src/pages/farm/steps';
import { farmFieldOf, farmNameProblem, publicIpProblems, stellarAddressProblem } from '../../../src-renderer/src/pages/farm/validate';

const ADDRESS = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const status = (over: Partial<FarmerStatus> = {}): FarmerStatus => ({
  network: 'local', address: ADDRESS, balance: '0', termsAccepted: false, twinId: 0, farms: [], nodes: [], ...over,
});
const facts = (over: Partial<WizardFacts> = {}): WizardFacts => ({
  network: 'local', networkConfirmed: true, account: { address: ADDRESS, canSign: true }, status: status(),
  hardwareConfirmed: false, nodeOnline: false, ...over,
});
const farm = { id: 7, name: 'my_farm', twinId: 9, pricingPolicyId: 1, certification: 'NotCertified' as const, dedicated: false, publicIps: [] };

describe('the onboarding wizard resumes from what the chain shows', () => {
  it('starts at the network, then the account, then asks for funds', () => {
    expect(firstOpenStep(facts({ networkConfirmed: false, account: undefined, status: undefined }))).toBe('network');
    expect(firstOpenStep(facts({ account: undefined, status: undefined }))).toBe('account');
    expect(firstOpenStep(facts({ account: { address: ADDRESS, canSign: false } }))).toBe('account');
    expect(firstOpenStep(facts())).toBe('funds');
  });

  it('skips what is already on chain: a farmer with a twin and a farm lands on the hardware step', () => {
    expect(firstOpenStep(facts({ status: status({ balance: '1000000' }) }))).toBe('terms');
    // The terms' fee spent it all: funding is still done.
    expect(firstOpenStep(facts({ status: status({ balance: '0', termsAccepted: true }) }))).toBe('twin');
    expect(firstOpenStep(facts({ status: status({ balance: '50000000', termsAccepted: true }) }))).toBe('twin');
    const onboarded = status({ twinId: 9, farms: [farm] });
    expect(firstOpenStep(facts({ status: onboarded }))).toBe('farm'); // no farm chosen yet
    expect(firstOpenStep(facts({ status: onboarded, farmId: 7 }))).toBe('hardware');
    expect(firstOpenStep(facts({ status: onboarded, farmId: 7, hardwareConfirmed: true }))).toBe('node');
    expect(firstOpenStep(facts({ status: onboarded, farmId: 7, hardwareConfirmed: true, nodeOnline: true }))).toBe('golive');
  });

  it('on a live network there is no simulated node: the farm leads to the boot image', () => {
    expect(stepsFor('dev').map((s) => s.id)).toEqual(['network', 'account', 'funds', 'terms', 'twin', 'farm', 'hardware', 'image']);
    expect(stepsFor('local').map((s) => s.id)).toContain('node');
    const live = facts({ network: 'dev', status: status({ network: 'dev', twinId: 3, farms: [farm] }), farmId: 7, hardwareConfirmed: true });
    expect(firstOpenStep(live)).toBe('image');
  });

  it('a later step cannot be opened before the ones it needs; earlier ones always can', () => {
    expect(reachable(facts(), 'farm')).toBe(false);
    expect(reachable(facts(), 'network')).toBe(true);
    expect(reachable(facts({ status: status({ twinId: 9 }) }), 'farm')).toBe(true);
  });

  it('shows balances in TFT (10^7 units)', () => {
    expect(formatTft('0')).toBe('0.00 TFT');
    expect(formatTft('123456789')).toBe('12.34 TFT');
    expect(formatTft('10000000000000')).toBe('1,000,000.00 TFT');
  });
});

describe('farm fields are checked as the chain checks them', () => {
  it('farm names: 3 to 40 of letters, digits, - and _', () => {
    expect(farmNameProblem('my_farm-1')).toBe('');
    expect(farmNameProblem('')).toMatch(/needs a name/);
    expect(farmNameProblem('ab')).toMatch(/at least 3/i);
    expect(farmNameProblem('x'.repeat(41))).toMatch(/at most 40/i);
    expect(farmNameProblem('my farm')).toMatch(/no spaces/);
  });

  it('public IPs: a public CIDR with a gateway inside it', () => {
    expect(publicIpProblems('185.206.122.33/24', '185.206.122.1')).toEqual({ ip: '', gateway: '' });
    expect(publicIpProblems('185.206.122.33', '185.206.122.1').ip).toMatch(/prefix/);
    expect(publicIpProblems('192.168.1.10/24', '192.168.1.1').ip).toMatch(/private/);
    expect(publicIpProblems('185.206.122.33/24', '185.206.123.1').gateway).toMatch(/outside the subnet/);
    // The chain takes the subnet's first address as a gateway, so the form does too.
    expect(publicIpProblems('185.206.122.33/24', '185.206.122.0').gateway).toBe('');
    expect(publicIpProblems('185.206.122.33/24', '185.206.122.33').gateway).toMatch(/cannot be the IP itself/);
    expect(publicIpProblems('185.206.122.33/24', 'gateway').gateway).toMatch(/IPv4/);
    expect(publicIpProblems('300.1.1.1/24', '').ip).not.toBe('');
  });

  it('Stellar payout addresses: a G… StrKey whose checksum matches', () => {
    const valid = 'GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H';
    expect(stellarAddressProblem(valid)).toBe('');
    expect(stellarAddressProblem('')).toBe('');
    expect(stellarAddressProblem(valid.slice(0, -1) + 'A')).toMatch(/checksum/);
    expect(stellarAddressProblem(valid.slice(0, 50))).toMatch(/56 characters/);
    expect(stellarAddressProblem('S' + valid.slice(1))).toMatch(/starts with G/);
    expect(stellarAddressProblem(valid.toLowerCase().replace(/^g/, 'G'))).toMatch(/A–Z/);
  });

  it('a refusal from the backend or the chain is placed at its field', () => {
    expect(farmFieldOf('name: a farm name is required')).toBe('name');
    expect(farmFieldOf('the chain refused it: tfgridModule.FarmExists')).toBe('name');
    expect(farmFieldOf('publicIps.0.ip: not a CIDR')).toBe('publicIps');
    expect(farmFieldOf('tfgridModule.InvalidPublicIP')).toBe('publicIps');
    expect(farmFieldOf('stellarAddress: not a Stellar address')).toBe('stellarAddress');
    expect(farmFieldOf('the account has no twin')).toBe(null);
  });
});

describe('the hardware form', () => {
  it('round-trips a profile in GiB of memory and GB of disk', () => {
    const form = fromProfile(null);
    const profile = toProfile(form)!;
    expect(profile).toMatchObject({ cru: 4, mru: 16 * 1024 ** 3, disks: [{ type: 'ssd', size: 1e12 }], wired: true });
    expect(fromProfile(profile)).toEqual(form);
    expect(toProfile({ ...form, cru: 0 })).toBe(null);
    expect(toProfile({ ...form, memoryGib: 1.5 })).toBe(null);
  });
});
