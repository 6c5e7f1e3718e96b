// A deployment as grid_client builds one for a VM (network + disk + machine), signed as grid_client signs it:
// the key signs the 16 raw bytes of md5(challenge), hex without 0x.
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { challengeHash, type ChallengeDeployment } from '../../../simulator/node/deployments/challenge';

const GIB = 1024 ** 3;

export interface VmDeploymentOptions {
  twinId: number;
  contractId?: number;
  cpu?: number;
  memory?: number;
  diskSize?: number;
  publicIp?: boolean;
}

export function vmDeployment(o: VmDeploymentOptions): ChallengeDeployment & { contract_id: number; signature_requirement: { signatures: unknown[] } } {
  const workloads: ChallengeDeployment['workloads'] = [
    { version: 0, name: 'net1', type: 'network', metadata: '', description: '', data: {
      ip_range: '10.20.0.0/16', subnet: '10.20.2.0/24', wireguard_private_key: 'GDU+cjKrHNJS9fodzjFDzNFl5su3kJXTZ3ipPgUjOUE=',
      wireguard_listen_port: 3011, peers: [], __type: 'network',
    } },
    { version: 0, name: 'disk1', type: 'zmount', metadata: '', description: 'data disk', data: { size: o.diskSize ?? 10 * GIB } },
    { version: 0, name: 'vm1', type: 'zmachine', metadata: '{"type":"vm"}', description: '', data: {
      flist: 'https://hub.grid.tf/tf-official-apps/base:latest.flist',
      network: { public_ip: o.publicIp ? 'ip1' : '', planetary: false, interfaces: [{ network: 'net1', ip: '10.20.2.2' }] },
      size: 15 * GIB, compute_capacity: { cpu: o.cpu ?? 1, memory: o.memory ?? 2 * GIB },
      mounts: [{ name: 'disk1', mountpoint: '/data' }], entrypoint: '/sbin/zinit init', env: { SSH_KEY: 'ssh-ed25519 AAA' },
      corex: false, gpu: [],
    } },
  ];
  if (o.publicIp) workloads.unshift({ version: 0, name: 'ip1', type: 'ip', metadata: '', description: '', data: { v4: true, v6: false } });
  return {
    version: 0, twin_id: o.twinId, contract_id: o.contractId ?? 0, metadata: '', description: '', expiration: 0,
    workloads,
    signature_requirement: { requests: [{ twin_id: o.twinId, required: false, weight: 1 }], weight_required: 1, signatures: [], signature_style: '' },
  };
}

/** Adds `pair`'s signature for `twinId`, as grid_client's Deployment.sign does. */
export function signDeployment<T extends ChallengeDeployment & { signature_requirement: { signatures: unknown[] } }>(d: T, twinId: number, pair: KeyringPair): T {
  const hash = challengeHash(d);
  const signature = u8aToHex(pair.sign(Buffer.from(hash, 'hex')), -1, false);
  d.signature_requirement.signatures.push({ twin_id: twinId, signature, signature_type: pair.type });
  return d;
}
