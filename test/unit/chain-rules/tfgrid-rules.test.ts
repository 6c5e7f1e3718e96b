// TfgridModule validation rules (tfchain.md §3.1, tfchain-types.md "Input validation bounds"): valid and invalid
// cases on both sides of every bound, and the pallet's check order.
import { describe, expect, it } from 'vitest';
import {
  addNodeCertifier, certificationAfterUpdate, checkAddFarmIp, checkAddNodePublicConfig, checkAttachPolicyToFarm,
  checkBondTwinAccount, checkChangePowerTarget, checkCreateFarmName, checkCreateFarmPublicIps, checkCreateNode,
  checkCreateTwin, checkFarmName, checkFarmPublicIp, checkForceResetFarmIp, checkInterfaces, checkIp4Pair, checkIp6Pair,
  checkLocation, checkNodeCertifier, checkNodeResources, checkPublicConfig, checkRelay, checkRemoveFarmIp,
  checkSerialNumber, checkTermsAndConditions, checkTimestampHint, checkUpdateFarmName, checkUpdateNode, checkUpdateTwin,
  checkZosVersion, compareFarmingPolicies, crc16Xmodem, decodeStellarAddress, defaultFarmingPolicy, encodeStellarAddress,
  farmingCu, farmingSu, GIB, isStandby, isStandbyPhase, isValidRelay, isValidStellarAddress, nextPowerState, parseIPv4,
  parseIPv4Cidr, parseIPv6, parseIPv6Cidr, parseRustF32, percentOf, removeNodeCertifier, resourcesChanged,
  selectFarmingPolicy, type FarmingPolicyLike, type FarmingPolicyLimit, type FarmPublicIp, type InterfaceInput, type LocationInput,
} from '../../../simulator/chain/runtime/pallets/tfgrid-rules';
import { expectOk, expectTfgridError, repeat } from './helpers';

describe('terms and conditions (user_accept_tc)', () => {
  const hash = '9021d4dee05a661e2cb6838152c67f25';
  it('accepts the links and hashes grid_client and Zero-OS send', () => {
    expectOk(checkTermsAndConditions('https://library.threefold.me/info/legal/#/', hash));
    expectOk(checkTermsAndConditions('http://zos.tf/terms/v0.1', hash));
    expectOk(checkTermsAndConditions("ABCxyz019-._~:/?#[]@!$&'()*+,;=", 'A-z_0'));
  });
  it('bounds the link to 1..=2048 bytes of the URI character set', () => {
    expectTfgridError(checkTermsAndConditions('', hash), 'DocumentLinkInputTooShort');
    expectOk(checkTermsAndConditions(repeat('a', 2048), hash));
    expectTfgridError(checkTermsAndConditions(repeat('a', 2049), hash), 'DocumentLinkInputTooLong');
    expectTfgridError(checkTermsAndConditions('http://zos.tf/terms v0.1', hash), 'InvalidDocumentLinkInput');
    expectTfgridError(checkTermsAndConditions('http://zos.tf/a%20b', hash), 'InvalidDocumentLinkInput');
  });
  it('bounds the hash to 1..=50 bytes of [A-Za-z0-9_-], checked after the link', () => {
    expectTfgridError(checkTermsAndConditions('http://x', ''), 'DocumentHashInputTooShort');
    expectOk(checkTermsAndConditions('http://x', repeat('f', 50)));
    expectTfgridError(checkTermsAndConditions('http://x', repeat('f', 51)), 'DocumentHashInputTooLong');
    expectTfgridError(checkTermsAndConditions('http://x', 'abc.def'), 'InvalidDocumentHashInput');
    expectTfgridError(checkTermsAndConditions('', ''), 'DocumentLinkInputTooShort');
  });
});

describe('twins', () => {
  it('accepts hostname-like relays, several joined with _', () => {
    for (const r of ['relay.dev.grid.tf', 'relay.dev.grid.tf_relay.qa.grid.tf', 'localhost', 'r', 'ab.c', 'my-relay_1.x-y.tf']) {
      expect(isValidRelay(r), r).toBe(true);
    }
  });
  it('refuses empty labels, trailing dots, schemes, ports and paths', () => {
    for (const r of ['', '.', 'relay.', '.relay', 'relay..tf', 'wss://relay.dev.grid.tf', 'relay.dev.grid.tf:443', 'relay/x', 'réla.y']) {
      expect(isValidRelay(r), r).toBe(false);
    }
  });
  it('refuses a one-character first label, as the pallet does (its empty-label test starts from index 0)', () => {
    expect(isValidRelay('a.example.com')).toBe(false);
    expect(isValidRelay('ab.example.com')).toBe(true);
    expect(isValidRelay('ab.c.d')).toBe(true);
  });
  it('create_twin: T&C first, then existing twin, then relay; None relay is fine', () => {
    expectOk(checkCreateTwin({ hasAcceptedTerms: true, hasTwin: false, relay: null }));
    expectOk(checkCreateTwin({ hasAcceptedTerms: true, hasTwin: false, relay: 'relay.dev.grid.tf' }));
    expectTfgridError(checkCreateTwin({ hasAcceptedTerms: false, hasTwin: true, relay: '' }), 'UserDidNotSignTermsAndConditions');
    expectTfgridError(checkCreateTwin({ hasAcceptedTerms: true, hasTwin: true, relay: '' }), 'TwinWithPubkeyExists');
    expectTfgridError(checkCreateTwin({ hasAcceptedTerms: true, hasTwin: false, relay: 'wss://x' }), 'InvalidRelayAddress');
    expectOk(checkRelay(undefined));
  });
  it('update_twin and bond_twin_account', () => {
    expectTfgridError(checkUpdateTwin({ twinExists: false, signerOwnsTwin: false, relay: null }), 'TwinNotExists');
    expectTfgridError(checkUpdateTwin({ twinExists: true, signerOwnsTwin: false, relay: null }), 'UnauthorizedToUpdateTwin');
    expectTfgridError(checkUpdateTwin({ twinExists: true, signerOwnsTwin: true, relay: 'x.' }), 'InvalidRelayAddress');
    expectOk(checkUpdateTwin({ twinExists: true, signerOwnsTwin: true, relay: null }));
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expectOk(checkBondTwinAccount({ twinAccount: a, signer: b }));
    expectTfgridError(checkBondTwinAccount({ twinAccount: a, signer: a.slice() }), 'TwinCannotBoundToItself');
    expectTfgridError(checkBondTwinAccount({ twinAccount: null, signer: b }), 'TwinNotExists');
  });
});

describe('farm names', () => {
  it('3..=40 bytes of [A-Za-z0-9_-]', () => {
    expectOk(checkFarmName('abc'));
    expectOk(checkFarmName('Farm_1-x'));
    expectOk(checkFarmName(repeat('F', 40)));
    expectTfgridError(checkFarmName(''), 'FarmNameTooShort');
    expectTfgridError(checkFarmName('ab'), 'FarmNameTooShort');
    expectTfgridError(checkFarmName(repeat('F', 41)), 'FarmNameTooLong');
    expectTfgridError(checkFarmName('my farm'), 'InvalidFarmName');
    expectTfgridError(checkFarmName('farm.io'), 'InvalidFarmName');
    expectTfgridError(checkFarmName('fårm'), 'InvalidFarmName');
    expectTfgridError(checkFarmName(new Uint8Array([0x61, 0x62, 0x00])), 'InvalidFarmName');
  });
  it('create_farm checks the name is free before checking it is valid', () => {
    expectOk(checkCreateFarmName('farm1', 0));
    expectTfgridError(checkCreateFarmName('x', 3), 'FarmExists');
    expectTfgridError(checkCreateFarmName('x', 0), 'FarmNameTooShort');
  });
  it('update_farm: rename to a free name, no-op on its own name, InvalidFarmName when taken', () => {
    expect(checkUpdateFarmName('newname', 2, 0)).toEqual({ ok: true, changed: true });
    expect(checkUpdateFarmName('samename', 2, 2)).toEqual({ ok: true, changed: false });
    expectTfgridError(checkUpdateFarmName('taken', 2, 5), 'InvalidFarmName');
    expectTfgridError(checkUpdateFarmName('no', 2, 0), 'FarmNameTooShort');
  });
});

describe('IPv4 parsing (valip rules)', () => {
  it('parses dotted quads of 7..=15 bytes', () => {
    expect(parseIPv4('1.1.1.1')).toBe(0x01010101);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('0.0.0.0')).toBe(0);
    expect(parseIPv4('185.206.122.33')).toBe(((185 << 24) >>> 0) + (206 << 16) + (122 << 8) + 33);
  });
  it('refuses leading zeros, overflow, missing or extra octets, other characters', () => {
    for (const s of ['1.1.1', '1.1.1.', '1.1.1.1.', '1.1.1.1.1', '100.100.1', '256.1.1.1', '1.1.1.256', '00.0.0.0',
      '1.01.2.3', '1:1:1:1', ' 1.1.1.1', '1.1.1.1 ', 'a.b.c.d', '1..1.1', '.1.1.1.1', '1000.1.1.1']) {
      expect(parseIPv4(s), s).toBeNull();
    }
  });
  it('parses CIDRs keeping the written address, mask 0..=32, at most 18 bytes', () => {
    expect(parseIPv4Cidr('185.206.122.33/24')).toEqual({ ip: parseIPv4('185.206.122.33'), mask: 24 });
    expect(parseIPv4Cidr('1.1.1.1/0')?.mask).toBe(0);
    expect(parseIPv4Cidr('1.1.1.1/01')?.mask).toBe(1);
    expect(parseIPv4Cidr('185.206.122.133/24')).not.toBeNull(); // 18 bytes
    for (const s of ['185.206.122.33', '1.1.1.1/33', '1.1.1.1/00', '1.1.1.1/', '1.1.1.1//1', '1.1.1.1/024', '1.1.1.1/a',
      '185.206.122.133/240']) {
      expect(parseIPv4Cidr(s), s).toBeNull();
    }
  });
});

describe('farm public IPs (IP4::is_valid)', () => {
  const ok = (ip: string, gw: string) => expect(checkIp4Pair(ip, gw), `${ip} ${gw}`).toEqual({ ok: true });
  const bad = (ip: string, gw: string, reason: string) =>
    expect(checkIp4Pair(ip, gw), `${ip} ${gw}`).toEqual({ ok: false, reason });
  it('accepts a public CIDR with a gateway inside it', () => {
    ok('185.206.122.33/24', '185.206.122.1');
    ok('172.15.0.2/24', '172.15.0.1'); // just below 172.16.0.0/12
    ok('1.2.3.4/0', '8.8.8.8');
    ok('1.2.3.4/01', '1.2.3.5');
  });
  it('refuses a gateway equal to the written address, but not the network address (chain behaviour)', () => {
    bad('185.206.122.33/24', '185.206.122.33', 'InvalidPublicIp');
    ok('185.206.122.33/24', '185.206.122.0');
    bad('185.206.122.0/24', '185.206.122.0', 'InvalidPublicIp');
    bad('185.206.122.33/32', '185.206.122.34', 'InvalidPublicIp'); // a /32 contains only itself
  });
  it('refuses a gateway outside the subnet', () => {
    bad('185.206.122.33/24', '185.206.123.1', 'InvalidPublicIp');
    ok('185.206.122.33/23', '185.206.123.1');
  });
  it('refuses private, shared, loopback, link-local, documentation, benchmark, multicast and reserved ranges', () => {
    for (const [ip, gw] of [['10.0.0.2/24', '10.0.0.1'], ['100.64.0.2/24', '100.64.0.1'], ['127.0.0.2/8', '127.0.0.1'],
      ['169.254.0.2/16', '169.254.0.1'], ['172.16.0.2/24', '172.16.0.1'], ['172.31.255.2/24', '172.31.255.1'],
      ['192.0.2.2/24', '192.0.2.1'], ['192.168.1.2/24', '192.168.1.1'], ['198.18.0.2/15', '198.18.0.1'],
      ['198.51.100.2/24', '198.51.100.1'], ['203.0.113.2/24', '203.0.113.1'], ['0.1.2.3/8', '0.1.2.1'],
      ['224.0.0.2/24', '224.0.0.1'], ['240.0.0.2/24', '240.0.0.1']]) {
      bad(ip!, gw!, 'InvalidPublicIp');
    }
    bad('185.206.122.33/0', '10.0.0.1', 'InvalidPublicIp'); // private gateway
  });
  it('names the malformed part', () => {
    bad('185.206.122.33', '185.206.122.1', 'InvalidIp4');
    bad('185.206.122.33/24', '185.206.122.1/24', 'InvalidGw4');
    bad('bad', 'bad', 'InvalidGw4'); // the gateway is parsed first
  });
  it('maps every failure to InvalidPublicIP for farms', () => {
    expectOk(checkFarmPublicIp('185.206.122.33/24', '185.206.122.1'));
    expectTfgridError(checkFarmPublicIp('10.0.0.2/24', '10.0.0.1'), 'InvalidPublicIP');
    expectTfgridError(checkFarmPublicIp('x', 'y'), 'InvalidPublicIP');
  });
});

describe('farm IP lists', () => {
  const gw = '185.206.122.1';
  it('create_farm stores each IP with contract_id 0', () => {
    const r = checkCreateFarmPublicIps([{ ip: '185.206.122.33/24', gw }, { ip: '185.206.122.34/24', gw }]);
    expectOk(r);
    if (r.ok) {
      expect(r.publicIps.map((p) => p.contract_id)).toEqual([0n, 0n]);
      expect(new TextDecoder().decode(r.publicIps[1]!.ip as Uint8Array)).toBe('185.206.122.34/24');
    }
    expectOk(checkCreateFarmPublicIps([]));
  });
  it('create_farm: an invalid entry is InvalidPublicIP, an identical (ip, gw) pair is IpExists', () => {
    expectTfgridError(checkCreateFarmPublicIps([{ ip: '185.206.122.33/24', gw }, { ip: '10.0.0.1/8', gw: '10.0.0.2' }]), 'InvalidPublicIP');
    expectTfgridError(checkCreateFarmPublicIps([{ ip: '185.206.122.33/24', gw }, { ip: '185.206.122.33/24', gw }]), 'IpExists');
    // The pallet compares whole entries here, so the same ip with another gateway is not a duplicate.
    expectOk(checkCreateFarmPublicIps([{ ip: '185.206.122.33/24', gw }, { ip: '185.206.122.33/24', gw: '185.206.122.2' }]));
  });
  it('create_farm: the stored list holds 256 entries; the 257th is InvalidPublicIP', () => {
    const list = Array.from({ length: 257 }, (_, i) => ({ ip: `185.206.${Math.floor(i / 250)}.${(i % 250) + 2}/16`, gw: '185.206.0.1' }));
    expectOk(checkCreateFarmPublicIps(list.slice(0, 256)));
    expectTfgridError(checkCreateFarmPublicIps(list), 'InvalidPublicIP');
  });
  const existing: FarmPublicIp[] = [
    { ip: '185.206.122.33/24', gateway: gw, contract_id: 0n },
    { ip: '185.206.122.34/24', gateway: gw, contract_id: 7n },
  ];
  it('add_farm_ip: duplicates are by ip alone', () => {
    expectOk(checkAddFarmIp(existing, '185.206.122.35/24', gw));
    expectTfgridError(checkAddFarmIp(existing, '185.206.122.33/24', '185.206.122.2'), 'IpExists');
    expectTfgridError(checkAddFarmIp(existing, '185.206.122.35/24', '185.206.122.35'), 'InvalidPublicIP');
    const full = Array.from({ length: 256 }, (_, i) => ({ ip: `x${i}`, gateway: gw, contract_id: 0 }));
    expectTfgridError(checkAddFarmIp(full, '185.206.122.35/24', gw), 'InvalidPublicIP');
  });
  it('remove_farm_ip only removes free IPs; force_reset_farm_ip finds any', () => {
    expect(checkRemoveFarmIp(existing, '185.206.122.33/24')).toEqual({ ok: true, index: 0 });
    expectTfgridError(checkRemoveFarmIp(existing, '185.206.122.34/24'), 'IpNotExists');
    expectTfgridError(checkRemoveFarmIp(existing, '185.206.122.99/24'), 'IpNotExists');
    expect(checkForceResetFarmIp(existing, '185.206.122.34/24')).toEqual({ ok: true, index: 1 });
    expectTfgridError(checkForceResetFarmIp(existing, '185.206.122.99/24'), 'IpNotExists');
  });
});

describe('IPv6 and public config', () => {
  it('parses RFC 4291 text forms without embedded IPv4', () => {
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('1::')).toBe(1n << 112n);
    expect(parseIPv6('1:2:3:4:5:6:7:8')).toBe(0x0001_0002_0003_0004_0005_0006_0007_0008n);
    expect(parseIPv6('1:2:3:4:5:6:7::')).toBe(0x0001_0002_0003_0004_0005_0006_0007_0000n);
    expect(parseIPv6('2A02:1802:5E::223')).toBe(parseIPv6('2a02:1802:5e:0:0:0:0:223'));
    for (const s of ['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:',
      '::1:2:3:4:5:6:7:8', '12345::', 'g::1', '::ffff:1.2.3.4', 'fe80::1%eth0']) {
      expect(parseIPv6(s), s).toBeNull();
    }
  });
  it('parses IPv6 CIDRs with masks 0..=128', () => {
    expect(parseIPv6Cidr('2a02:1802:5e::223/64')?.mask).toBe(64);
    expect(parseIPv6Cidr('::1/128')?.mask).toBe(128);
    expect(parseIPv6Cidr('::1/010')?.mask).toBe(10);
    for (const s of ['::1', '::1/129', '::1/999', '::1/00', '::1/1280', '::1/']) expect(parseIPv6Cidr(s), s).toBeNull();
  });
  it('IP6::is_valid: public unicast, gateway inside, not the written address', () => {
    expect(checkIp6Pair('2a02:1802:5e::223/64', '2a02:1802:5e::1')).toEqual({ ok: true });
    expect(checkIp6Pair('2a02:1802:5e::223/64', '2a02:1802:5e::223')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('2a02:1802:5e::223/64', '2a02:1802:5f::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('fd00::2/64', 'fd00::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('fe80::2/64', 'fe80::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('100::2/64', '100::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('ff02::2/64', 'ff02::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    // valip treats mask 0 as a /128, so nothing but the address itself is "inside".
    expect(checkIp6Pair('2a02::2/0', '2a02::1')).toEqual({ ok: false, reason: 'InvalidPublicIp' });
    expect(checkIp6Pair('2a02::2', '2a02::1')).toEqual({ ok: false, reason: 'InvalidIp6' });
    expect(checkIp6Pair('2a02::2/64', '2a02::1/64')).toEqual({ ok: false, reason: 'InvalidGw6' });
  });
  it('add_node_public_config validates domain, then ip4, then ip6, all as InvalidPublicConfig', () => {
    const ip4 = { ip: '185.206.122.33/24', gw: '185.206.122.1' };
    const ip6 = { ip: '2a02:1802:5e::223/64', gw: '2a02:1802:5e::1' };
    expectOk(checkPublicConfig({ ip4 }));
    expectOk(checkPublicConfig({ ip4, ip6, domain: 'gw1.node.grid.tf' }));
    expectOk(checkPublicConfig({ ip4, domain: '' }));
    const r = checkPublicConfig({ ip4: { ip: '10.0.0.2/24', gw: '10.0.0.1' }, domain: 'gw_1.grid.tf' });
    expect(r).toEqual({ ok: false, error: 'InvalidPublicConfig', reason: 'InvalidDomain' });
    expectTfgridError(r, 'InvalidPublicConfig');
    expect(checkPublicConfig({ ip4: { ip: '10.0.0.2/24', gw: '10.0.0.1' }, ip6: { ip: 'x', gw: 'y' } }))
      .toEqual({ ok: false, error: 'InvalidPublicConfig', reason: 'InvalidPublicIp' });
    expect(checkPublicConfig({ ip4, ip6: { ip: 'fd00::2/64', gw: 'fd00::1' } }))
      .toEqual({ ok: false, error: 'InvalidPublicConfig', reason: 'InvalidPublicIp' });
  });
  it('add_node_public_config authorisation order', () => {
    const base = { farmExists: true, farmTwinExists: true, signerIsFarmer: true, nodeFarmId: 1, farmId: 1, config: null };
    expectOk(checkAddNodePublicConfig(base));
    expectTfgridError(checkAddNodePublicConfig({ ...base, farmExists: false }), 'FarmNotExists');
    expectTfgridError(checkAddNodePublicConfig({ ...base, farmTwinExists: false }), 'TwinNotExists');
    expectTfgridError(checkAddNodePublicConfig({ ...base, signerIsFarmer: false }), 'CannotUpdateFarmWrongTwin');
    expectTfgridError(checkAddNodePublicConfig({ ...base, nodeFarmId: null }), 'NodeNotExists');
    expectTfgridError(checkAddNodePublicConfig({ ...base, nodeFarmId: 2 }), 'NodeUpdateNotAuthorized');
    expectTfgridError(checkAddNodePublicConfig({ ...base, config: { ip4: { ip: 'x', gw: 'y' } } }), 'InvalidPublicConfig');
  });
});

describe('Stellar payout address (UI only: the chain stores it unvalidated)', () => {
  it('accepts real account addresses and round-trips keys', () => {
    expect(isValidStellarAddress('GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN')).toBe(true);
    expect(isValidStellarAddress('GBOVQKJYHXRR3DX6NOX2RRYFRCUMSADGDESTDNBDS6CDVLGVESRTAC47')).toBe(true);
    expect(encodeStellarAddress(new Uint8Array(32))).toBe('GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF');
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    expect(decodeStellarAddress(encodeStellarAddress(key))).toEqual(key);
  });
  it('refuses wrong checksums, case, length and version bytes', () => {
    expect(isValidStellarAddress('GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVM')).toBe(false);
    expect(isValidStellarAddress('ga5zsejyb37jrc5avcia5mop4rhtm335x2kgx3ihojapp5re34k4kzvn')).toBe(false);
    expect(isValidStellarAddress('GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZV')).toBe(false);
    expect(isValidStellarAddress('')).toBe(false);
    // The same key encoded as a secret seed (version 18 << 3, "S…") is not an account.
    const raw = new Uint8Array(35);
    raw[0] = 18 << 3;
    const crc = crc16Xmodem(raw.subarray(0, 33));
    raw[33] = crc & 0xff;
    raw[34] = crc >> 8;
    const b32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = '';
    for (const b of raw) bits += b.toString(2).padStart(8, '0');
    const seed = Array.from({ length: 56 }, (_, i) => b32[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('');
    expect(seed.startsWith('S')).toBe(true);
    expect(isValidStellarAddress(seed)).toBe(false);
  });
  it('CRC16-XModem matches the standard check value', () => {
    expect(crc16Xmodem(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });
});

describe('node resources', () => {
  const min = { hru: 0, sru: 100n * GIB, cru: 1, mru: 2n * GIB };
  it('needs sru ≥ 100 GiB, cru ≥ 1, mru ≥ 2 GiB; hru has no minimum', () => {
    expectOk(checkNodeResources(min));
    expectTfgridError(checkNodeResources({ ...min, sru: 100n * GIB - 1n }), 'InvalidSRUInput');
    expectTfgridError(checkNodeResources({ ...min, cru: 0 }), 'InvalidCRUInput');
    expectTfgridError(checkNodeResources({ ...min, mru: 2n * GIB - 1n }), 'InvalidMRUInput');
    expectTfgridError(checkNodeResources({ hru: 0, sru: 0, cru: 0, mru: 0 }), 'InvalidSRUInput');
  });
  it('a change of more than 1% (rounded to nearest, ties down) counts as changed', () => {
    const r = (cru: number) => ({ hru: 0, sru: 0, cru, mru: 0 });
    expect(resourcesChanged(r(100), r(101))).toBe(false);
    expect(resourcesChanged(r(100), r(99))).toBe(false);
    expect(resourcesChanged(r(100), r(102))).toBe(true);
    expect(resourcesChanged(r(8), r(9))).toBe(true); // 1% of 8 rounds to 0
    expect(resourcesChanged(r(150), r(151))).toBe(false); // 1.5 rounds down to 1
    expect(resourcesChanged(r(150), r(152))).toBe(true);
    expect(resourcesChanged(r(8), r(8))).toBe(false);
    expect(percentOf(150n, 1n)).toBe(1n);
    expect(percentOf(151n, 1n)).toBe(2n);
    expect(percentOf(333n, 50n)).toBe(166n);
  });
  it('a certified node whose resources changed drops to Diy', () => {
    const before = { hru: 0, sru: 500n * GIB, cru: 8, mru: 16n * GIB };
    expect(certificationAfterUpdate('Certified', before, { ...before, cru: 16 })).toEqual({ certification: 'Diy', reset: true });
    expect(certificationAfterUpdate('Certified', before, before)).toEqual({ certification: 'Certified', reset: false });
    expect(certificationAfterUpdate('Diy', before, { ...before, cru: 16 })).toEqual({ certification: 'Diy', reset: false });
  });
});

describe('node location', () => {
  const loc: LocationInput = { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.71' };
  it('accepts ordinary and Unknown locations', () => {
    expectOk(checkLocation(loc));
    expectOk(checkLocation({ city: 'Unknown', country: 'Unknown', latitude: 'Unknown', longitude: 'Unknown' }));
    expectOk(checkLocation({ ...loc, country: 'BE', city: 'Y' }));
  });
  it('bounds city 1..=58 and country 2..=56 bytes, with no charset rule', () => {
    expectTfgridError(checkLocation({ ...loc, city: '' }), 'CityNameTooShort');
    expectOk(checkLocation({ ...loc, city: repeat('l', 58) }));
    expectTfgridError(checkLocation({ ...loc, city: repeat('l', 59) }), 'CityNameTooLong');
    expectTfgridError(checkLocation({ ...loc, country: 'B' }), 'CountryNameTooShort');
    expectOk(checkLocation({ ...loc, country: repeat('c', 56) }));
    expectTfgridError(checkLocation({ ...loc, country: repeat('c', 57) }), 'CountryNameTooLong');
    expectOk(checkLocation({ ...loc, city: 'São Paulo / #1' }));
  });
  it('latitude: an f32 in [-90, 90] or the literal Unknown, 1..=50 bytes', () => {
    for (const lat of ['90', '-90', '0', '+45.5', '.5', '5.', '1e1', '-9E1', '89.999999']) {
      expectOk(checkLocation({ ...loc, latitude: lat }));
    }
    // f32 rounding: 90.0000001 is 90.0 as an f32, so the chain accepts it.
    expectOk(checkLocation({ ...loc, latitude: '90.0000001' }));
    for (const lat of ['90.0001', '-90.5', '91', 'unknown', ' 51.05', '51.05 ', '51,05', 'NaN', 'inf', '1e', 'e1', '.', '0x10']) {
      expectTfgridError(checkLocation({ ...loc, latitude: lat }), 'InvalidLatitudeInput');
    }
    expectTfgridError(checkLocation({ ...loc, latitude: '' }), 'LatitudeInputTooShort');
    expectOk(checkLocation({ ...loc, latitude: `1.${repeat('0', 48)}` }));
    expectTfgridError(checkLocation({ ...loc, latitude: `1.${repeat('0', 49)}` }), 'LatitudeInputTooLong');
  });
  it('longitude: an f32 in [-180, 180] or Unknown, checked after latitude', () => {
    expectOk(checkLocation({ ...loc, longitude: '180' }));
    expectOk(checkLocation({ ...loc, longitude: '-180' }));
    expectTfgridError(checkLocation({ ...loc, longitude: '180.0001' }), 'InvalidLongitudeInput');
    expectTfgridError(checkLocation({ ...loc, longitude: '' }), 'LongitudeInputTooShort');
    expectTfgridError(checkLocation({ ...loc, longitude: repeat('1', 51) }), 'LongitudeInputTooLong');
    expectTfgridError(checkLocation({ ...loc, latitude: 'x', longitude: 'y' }), 'InvalidLatitudeInput');
  });
  it('parseRustF32 rounds to f32 and refuses non-UTF-8 input', () => {
    expect(parseRustF32('0.1')).toBe(Math.fround(0.1));
    expect(parseRustF32(new Uint8Array([0xff]))).toBeNull();
  });
});

describe('node interfaces and serial number', () => {
  const intf: InterfaceInput = { name: 'zos', mac: '00:11:22:33:44:55', ips: ['185.206.122.40', '2a02:1802:5e::40'] };
  it('accepts a Zero-OS style interface list', () => {
    expectOk(checkInterfaces([intf, { name: 'eth0', mac: 'AA:BB:CC:DD:EE:FF', ips: ['10.0.0.2', 'fe80::1'] }]));
    expectOk(checkInterfaces([]));
    expectOk(checkInterfaces([{ ...intf, ips: [] }]));
  });
  it('name: 3..=20 bytes of [a-z0-9_-]', () => {
    expectTfgridError(checkInterfaces([{ ...intf, name: 'ab' }]), 'InterfaceNameTooShort');
    expectOk(checkInterfaces([{ ...intf, name: repeat('a', 20) }]));
    expectTfgridError(checkInterfaces([{ ...intf, name: repeat('a', 21) }]), 'InterfaceNameTooLong');
    expectTfgridError(checkInterfaces([{ ...intf, name: 'ZOS' }]), 'InvalidInterfaceName');
    expectTfgridError(checkInterfaces([{ ...intf, name: 'br.1' }]), 'InvalidInterfaceName');
  });
  it('mac: exactly 17 bytes forming six hex pairs', () => {
    expectTfgridError(checkInterfaces([{ ...intf, mac: '00:11:22:33:44:5' }]), 'InterfaceMacTooShort');
    expectTfgridError(checkInterfaces([{ ...intf, mac: '00:11:22:33:44:555' }]), 'InterfaceMacTooLong');
    expectTfgridError(checkInterfaces([{ ...intf, mac: '00-11-22-33-44-55' }]), 'InvalidMacAddress');
    expectTfgridError(checkInterfaces([{ ...intf, mac: '0011:22:33:44:55:' }]), 'InvalidMacAddress');
    expectTfgridError(checkInterfaces([{ ...intf, mac: '00:11:22:33:44:GG' }]), 'InvalidMacAddress');
  });
  it('ips: 7..=42 bytes, a plain IPv4 or IPv6 address (no prefix length), at most 10', () => {
    expectTfgridError(checkInterfaces([{ ...intf, ips: ['1.1.1'] }]), 'InterfaceIpTooShort');
    expectTfgridError(checkInterfaces([{ ...intf, ips: ['::1'] }]), 'InterfaceIpTooShort');
    expectTfgridError(checkInterfaces([{ ...intf, ips: [repeat('1', 43)] }]), 'InterfaceIpTooLong');
    expectTfgridError(checkInterfaces([{ ...intf, ips: ['10.0.0.2/24'] }]), 'InvalidInterfaceIP');
    expectTfgridError(checkInterfaces([{ ...intf, ips: ['not an ip'] }]), 'InvalidInterfaceIP');
    const ten = Array.from({ length: 10 }, (_, i) => `10.0.0.${i + 10}`);
    expectOk(checkInterfaces([{ ...intf, ips: ten }]));
    expectTfgridError(checkInterfaces([{ ...intf, ips: [...ten, '10.0.0.99'] }]), 'InvalidInterfaceIP');
  });
  it('serial number: at most 128 bytes, empty allowed', () => {
    expectOk(checkSerialNumber(null));
    expectOk(checkSerialNumber(''));
    expectOk(checkSerialNumber(repeat('s', 128)));
    expectTfgridError(checkSerialNumber(repeat('s', 129)), 'SerialNumberTooLong');
  });
});

describe('create_node / update_node', () => {
  const input = {
    resources: { hru: 0, sru: 512n * GIB, cru: 8, mru: 16n * GIB },
    location: { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.71' },
    interfaces: [{ name: 'zos', mac: '00:11:22:33:44:55', ips: ['10.0.0.2'] }],
    serial_number: 'SN-1',
  };
  it('create_node: farm, twin, one node per twin, then resources → location → interfaces → serial', () => {
    const pre = { farmExists: true, signerTwinId: 4, twinHasNode: false };
    expectOk(checkCreateNode({ ...pre, ...input }));
    expectTfgridError(checkCreateNode({ ...pre, ...input, farmExists: false, signerTwinId: null }), 'FarmNotExists');
    expectTfgridError(checkCreateNode({ ...pre, ...input, signerTwinId: null }), 'TwinNotExists');
    expectTfgridError(checkCreateNode({ ...pre, ...input, twinHasNode: true }), 'NodeWithTwinIdExists');
    const bad = {
      ...pre, ...input, resources: { ...input.resources, cru: 0 }, location: { ...input.location, city: '' },
      serial_number: repeat('s', 200),
    };
    expectTfgridError(checkCreateNode(bad), 'InvalidCRUInput');
    expectTfgridError(checkCreateNode({ ...bad, resources: input.resources }), 'CityNameTooShort');
    expectTfgridError(checkCreateNode({ ...bad, resources: input.resources, location: input.location }), 'SerialNumberTooLong');
  });
  it('update_node: node, twin, ownership, target farm, then the input', () => {
    const pre = { nodeTwinId: 4, signerTwinId: 4, targetFarmExists: true };
    expectOk(checkUpdateNode({ ...pre, ...input }));
    expectTfgridError(checkUpdateNode({ ...pre, ...input, nodeTwinId: null }), 'NodeNotExists');
    expectTfgridError(checkUpdateNode({ ...pre, ...input, signerTwinId: null }), 'TwinNotExists');
    expectTfgridError(checkUpdateNode({ ...pre, ...input, signerTwinId: 5 }), 'NodeUpdateNotAuthorized');
    expectTfgridError(checkUpdateNode({ ...pre, ...input, targetFarmExists: false }), 'FarmNotExists');
  });
});

describe('certifiers and zos version', () => {
  const a = new Uint8Array(32).fill(0xaa);
  const b = new Uint8Array(32).fill(0x0b);
  it('set_node_certification: admin or listed certifier', () => {
    expectOk(checkNodeCertifier({ isAdmin: true, certifiers: null }));
    expectOk(checkNodeCertifier({ isAdmin: false, signer: a, certifiers: [b, a] }));
    expectTfgridError(checkNodeCertifier({ isAdmin: false, signer: a, certifiers: null }), 'NotAllowedToCertifyNode');
    expectTfgridError(checkNodeCertifier({ isAdmin: false, signer: a, certifiers: [b] }), 'NotAllowedToCertifyNode');
  });
  it('keeps the certifier list sorted and unique', () => {
    const added = addNodeCertifier([a], b);
    expect(added.ok && added.certifiers).toEqual([b, a]);
    expectTfgridError(addNodeCertifier([a, b], a), 'AlreadyCertifier');
    expect(addNodeCertifier(null, a)).toEqual({ ok: true, certifiers: [a] });
    expect(removeNodeCertifier([b, a], a)).toEqual({ ok: true, certifiers: [b] });
    expectTfgridError(removeNodeCertifier([b], a), 'NotCertifier');
    expect(removeNodeCertifier(null, a)).toEqual({ ok: true, certifiers: null });
  });
  it('set_zos_version must change the value', () => {
    expectOk(checkZosVersion('v3.10.0', 'v3.11.0'));
    expectTfgridError(checkZosVersion('v3.10.0', 'v3.10.0'), 'InvalidZosVersion');
  });
});

describe('farming policy selection', () => {
  // Dev genesis (§4): policy 1 default Diy/NotCertified, policy 2 default Certified/NotCertified.
  const p1: FarmingPolicyLike = { id: 1, default: true, node_certification: 'Diy', farm_certification: 'NotCertified' };
  const p2: FarmingPolicyLike = { id: 2, default: true, node_certification: 'Certified', farm_certification: 'NotCertified' };
  const p3: FarmingPolicyLike = { id: 3, default: false, node_certification: 'Diy', farm_certification: 'NotCertified' };
  const p4: FarmingPolicyLike = { id: 4, default: true, node_certification: 'Diy', farm_certification: 'Gold' };
  const resources = { hru: 0, sru: 512n * GIB, cru: 4, mru: 8n * GIB };
  const farm = { certification: 'NotCertified' as const, farming_policy_limits: null };
  const select = (over: Partial<Parameters<typeof selectFarmingPolicy>[0]>) => selectFarmingPolicy({
    policies: [p1, p2], node: { certification: 'Diy', resources }, farm, nowSecs: 1000, ...over,
  });
  const chosen = (r: ReturnType<typeof select>) => (r.ok ? r.policy.id : r.error);

  it('dev genesis gives a new (Diy) node policy 1, a certified node policy 2', () => {
    expect(chosen(select({}))).toBe(1);
    expect(chosen(select({ node: { certification: 'Certified', resources } }))).toBe(2);
  });
  it('ranks default policies first, then farm and node certification, then id', () => {
    expect([p3, p1, p4, p2].sort((x, y) => compareFarmingPolicies(y, x)).map((p) => p.id)).toEqual([4, 2, 1, 3]);
    expect(chosen(select({ policies: [p1, p3] }))).toBe(1);
    expect(chosen(select({ policies: [p1, p4], farm: { ...farm, certification: 'Gold' } }))).toBe(4);
    expect(chosen(select({ policies: [p1, p4] }))).toBe(1);
    expect(chosen(select({ policies: [p3] }))).toBe(3);
    expectTfgridError(select({ policies: [p2] }), 'FarmingPolicyNotExists');
    expectTfgridError(select({ policies: [] }), 'FarmingPolicyNotExists');
  });
  it('farming CU/SU use the pallet integer formulas (not billing CU/SU)', () => {
    // cru_min = 4·2·GiB·1000 is the smallest: 2·(8,589,934,592,000 / GiB / 1000) = 16; su = (512 GiB·4)/GiB/1000 = 2.
    expect(farmingCu(resources)).toBe(16n);
    expect(farmingSu(resources)).toBe(2n);
    expect(farmingSu({ hru: 12000n * GIB, sru: 0, cru: 1, mru: 0 })).toBe(10n);
    // cru_min and sru_min tie (1·2·GiB·1000 = 100 GiB·1000/50): the pallet returns 0.
    expect(farmingCu({ hru: 0, sru: 100n * GIB, cru: 1, mru: 16n * GIB })).toBe(0n);
  });
  it('uses and decrements farm limits while they last', () => {
    const limits = { farming_policy_id: 3, cu: 20, su: 10, end: 2000, node_count: 2, node_certification: false };
    const r = select({ policies: [p1, p2, p3], farm: { ...farm, farming_policy_limits: limits } });
    expect(r.ok && r.policy.id).toBe(3);
    expect(r.ok && r.updatedLimits).toEqual({ ...limits, cu: 4n, su: 8n, node_count: 1 });
    const noLimits = { farming_policy_id: 3, cu: null, su: null, end: null, node_count: null, node_certification: false };
    const r2 = select({ policies: [p1, p3], farm: { ...farm, farming_policy_limits: noLimits } });
    expect(r2.ok && r2.updatedLimits).toEqual(noLimits);
  });
  it('exhausted limits fall back to the best default policy, whatever the node certification', () => {
    const base: FarmingPolicyLimit = { farming_policy_id: 3, cu: null, su: null, end: null, node_count: null, node_certification: false };
    const withLimits = (l: Partial<FarmingPolicyLimit>) =>
      select({ policies: [p1, p2, p3], farm: { ...farm, farming_policy_limits: { ...base, ...l } } });
    expect(chosen(withLimits({ end: 999 }))).toBe(2);
    expect(chosen(withLimits({ end: 1000 }))).toBe(3); // now > end is needed
    expect(chosen(withLimits({ cu: 15 }))).toBe(2);
    expect(chosen(withLimits({ cu: 16 }))).toBe(3);
    expect(chosen(withLimits({ su: 1 }))).toBe(2);
    expect(chosen(withLimits({ node_count: 0 }))).toBe(2);
    const fallback = withLimits({ node_count: 0 });
    expect(fallback.ok && fallback.updatedLimits).toBeUndefined(); // the farm's limits are left as they were
    expectTfgridError(withLimits({ farming_policy_id: 9 }), 'FarmingPolicyNotExists');
    expect(defaultFarmingPolicy([p3]).ok).toBe(false);
  });
  it('attach_policy_to_farm refuses an expired policy (end in blocks after creation)', () => {
    expectOk(checkAttachPolicyToFarm({ policy_created: 100, policy_end: 0 }, 1_000_000));
    expectOk(checkAttachPolicyToFarm({ policy_created: 100, policy_end: 50 }, 149));
    expectTfgridError(checkAttachPolicyToFarm({ policy_created: 100, policy_end: 50 }, 150), 'FarmingPolicyExpired');
    expectOk(checkAttachPolicyToFarm({}, 5));
  });
});

describe('uptime and power', () => {
  it('report_uptime_v2 accepts hints within ±60 s of now', () => {
    expectOk(checkTimestampHint(940, 1000));
    expectOk(checkTimestampHint(1000, 1000));
    expectOk(checkTimestampHint(1060, 1000));
    expectTfgridError(checkTimestampHint(939, 1000), 'InvalidTimestampHint');
    expectTfgridError(checkTimestampHint(1061, 1000), 'InvalidTimestampHint');
    expectOk(checkTimestampHint(0, 30)); // the lower bound saturates at 0
    expectOk(checkTimestampHint(1_700_000_030n, 1_700_000_000n));
  });
  it('standby phase: state Down or target Down', () => {
    expect(isStandbyPhase({ state: 'Up', target: 'Up' })).toBe(false);
    expect(isStandbyPhase({ state: 'Up', target: 'Down' })).toBe(true);
    expect(isStandbyPhase({ state: { Down: 5 }, target: 'Up' })).toBe(true);
    expect(isStandby({ state: 'Up', target: 'Down' })).toBe(false);
  });
  it('change_power_state records the block and reports whether anything changed', () => {
    expect(nextPowerState('Up', 'Down', 9)).toEqual({ state: { Down: 9n }, changed: true });
    expect(nextPowerState({ Down: 5 }, 'Down', 9)).toEqual({ state: { Down: 9n }, changed: true });
    expect(nextPowerState({ Down: 9n }, 'Down', 9)).toEqual({ state: { Down: 9n }, changed: false });
    expect(nextPowerState('Up', 'Up', 9)).toEqual({ state: 'Up', changed: false });
    expect(nextPowerState({ Down: 5 }, 'Up', 9)).toEqual({ state: 'Up', changed: true });
  });
  it('change_power_target: the farmer only; Down refused with active contracts', () => {
    const base = { signerTwinId: 1, nodeExists: true, farmTwinId: 1, target: 'Down' as const, nodeHasActiveContracts: false };
    expectOk(checkChangePowerTarget(base));
    expectTfgridError(checkChangePowerTarget({ ...base, signerTwinId: null }), 'TwinNotExists');
    expectTfgridError(checkChangePowerTarget({ ...base, nodeExists: false }), 'NodeNotExists');
    expectTfgridError(checkChangePowerTarget({ ...base, farmTwinId: null }), 'FarmNotExists');
    expectTfgridError(checkChangePowerTarget({ ...base, signerTwinId: 2 }), 'UnauthorizedToChangePowerTarget');
    expectTfgridError(checkChangePowerTarget({ ...base, nodeHasActiveContracts: true }), 'NodeHasActiveContracts');
    expectOk(checkChangePowerTarget({ ...base, target: 'Up', nodeHasActiveContracts: true }));
  });
});
