import { describe, expect, it } from 'vitest';
import { farmNameProblem, parseIPv4, publicIpProblem, publicIpsProblems } from '../../../src-main/api/rules/farm-rules';

describe('farm names as the chain checks them', () => {
  it('takes 3 to 40 letters, digits, - and _', () => {
    expect(farmNameProblem('my_farm-01')).toBeNull();
    expect(farmNameProblem('abc')).toBeNull();
    expect(farmNameProblem('a'.repeat(40))).toBeNull();
  });
  it('refuses short, long, spaced, dotted and non-ASCII names', () => {
    expect(farmNameProblem('ab')).toMatch(/at least 3/);
    expect(farmNameProblem('a'.repeat(41))).toMatch(/at most 40/);
    expect(farmNameProblem('my farm')).toMatch(/letters, digits/);
    expect(farmNameProblem('farm.one')).toMatch(/letters, digits/);
    expect(farmNameProblem('färm')).toMatch(/letters, digits/);
  });
});

describe('farm public IPs', () => {
  it('parses dotted quads strictly', () => {
    expect(parseIPv4('185.206.122.33')).toBe(((185 * 256 + 206) * 256 + 122) * 256 + 33);
    expect(parseIPv4('01.2.3.4')).toBeNull();
    expect(parseIPv4('1.2.3')).toBeNull();
    expect(parseIPv4('1.2.3.256')).toBeNull();
  });
  it('accepts a public CIDR with a gateway inside it', () => {
    expect(publicIpProblem('185.206.122.33/24', '185.206.122.1')).toBeNull();
    // The chain compares the gateway with the address as written, not the masked network.
    expect(publicIpProblem('185.206.122.33/24', '185.206.122.0')).toBeNull();
  });
  it('refuses what the chain refuses, saying why', () => {
    expect(publicIpProblem('185.206.122.33', '185.206.122.1')).toMatch(/prefix length/);
    expect(publicIpProblem('185.206.122.33/33', '185.206.122.1')).toMatch(/0 to 32/);
    expect(publicIpProblem('185.206.122/24', '185.206.122.1')).toMatch(/not an IPv4/);
    expect(publicIpProblem('185.206.122.33/24', 'gw')).toMatch(/gateway "gw" is not/);
    expect(publicIpProblem('185.206.122.33/24', '185.206.123.1')).toMatch(/outside the subnet/);
    expect(publicIpProblem('185.206.122.33/24', '185.206.122.33')).toMatch(/cannot be the IP itself/);
    expect(publicIpProblem('192.168.1.10/24', '192.168.1.1')).toMatch(/not a public address/);
    expect(publicIpProblem('10.0.0.5/8', '10.0.0.1')).toMatch(/not a public address/);
    expect(publicIpProblem('100.64.0.5/24', '100.64.0.1')).toMatch(/not a public address/);
    expect(publicIpProblem('224.0.0.5/24', '224.0.0.1')).toMatch(/multicast/);
  });
  it('lists every problem of a list, repeats included', () => {
    const problems = publicIpsProblems([
      { ip: '185.206.122.33/24', gateway: '185.206.122.1' },
      { ip: '185.206.122.33/24', gateway: '185.206.122.1' },
      { ip: '10.1.1.1/24', gateway: '10.1.1.254' },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/listed twice/);
  });
});
