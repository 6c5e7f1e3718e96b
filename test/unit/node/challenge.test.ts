import { describe, expect, it } from 'vitest';
import { challengeHash, deploymentChallenge } from '../../../simulator/node/deployments/challenge';
import { vmDeployment } from './deployment-fixture';

// The real challenge grid_client produced for zmount + zmachine (grid-services.md §1.11).
const SPEC_EXAMPLE = {
  version: 0, twin_id: 42, metadata: '', description: 'desc', expiration: 0,
  workloads: [
    { version: 0, name: 'disk1', type: 'zmount', metadata: '', description: 'desc', data: { size: 10737418240 } },
    { version: 0, name: 'vm1', type: 'zmachine', metadata: '', description: 'desc', data: {
      flist: 'https://…flist',
      network: { public_ip: '', planetary: false, interfaces: [{ network: 'net1', ip: '10.20.2.2' }], mycelium: { network: 'net1', hex_seed: '000002000002' } },
      size: 16106127360, compute_capacity: { cpu: 2, memory: 2147483648 }, mounts: [{ name: 'disk1', mountpoint: '/data' }],
      entrypoint: '/sbin/zinit init', env: { SSH_KEY: 'ssh-ed25519 AAA' },
    } },
  ],
  signature_requirement: { requests: [{ twin_id: 42, required: false, weight: 1 }], weight_required: 1, signature_style: '' },
};

describe('deployment challenge', () => {
  it('reproduces the challenge grid_client produced', () => {
    expect(deploymentChallenge(SPEC_EXAMPLE)).toBe(
      '042desc00disk1zmountdesc107374182400vm1zmachinedeschttps://…flistfalsenet110.20.2.2net10000020000021610612736022147483648disk1/data/sbin/zinit initSSH_KEY=ssh-ed25519 AAA42false11',
    );
  });

  it('hashes as lowercase md5 hex, ignoring contract_id and signatures', () => {
    const a = vmDeployment({ twinId: 7, contractId: 1 });
    const b = { ...vmDeployment({ twinId: 7, contractId: 99 }), signature_requirement: { ...a.signature_requirement, signatures: [{ twin_id: 7 }] } };
    expect(challengeHash(a)).toMatch(/^[0-9a-f]{32}$/);
    expect(challengeHash(b)).toBe(challengeHash(a));
  });

  it('changes with any workload field that is part of the challenge', () => {
    const base = challengeHash(vmDeployment({ twinId: 7 }));
    expect(challengeHash(vmDeployment({ twinId: 7, cpu: 2 }))).not.toBe(base);
    expect(challengeHash(vmDeployment({ twinId: 8 }))).not.toBe(base);
    expect(challengeHash(vmDeployment({ twinId: 7, publicIp: true }))).not.toBe(base);
  });

  it('covers the other workload types in Zero-OS field order', () => {
    const d = {
      version: 1, twin_id: 3, metadata: 'm', description: 'd', expiration: 5,
      workloads: [
        { version: 1, name: 'z', type: 'zdb', data: { size: 10, mode: 'user', password: 'pw', public: true } },
        { version: 0, name: 'g', type: 'gateway-name-proxy', data: { name: 'web', tls_passthrough: false, backends: ['http://1.2.3.4:80'] } },
        { version: 0, name: 'i', type: 'ip', data: { v4: true, v6: false } },
      ],
      signature_requirement: { requests: [{ twin_id: 3, required: true, weight: 2 }], weight_required: 2, signature_style: '' },
    };
    expect(deploymentChallenge(d)).toBe('13md51zzdb10userpwtrue0ggateway-name-proxywebfalsehttp://1.2.3.4:800iiptruefalse3true22');
  });
});
