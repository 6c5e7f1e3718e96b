/**
 * The test VM's Zero-OS deployment, built and signed as grid_client builds and signs a VM's (grid-services.md
 * §1.11): a private network and a machine in it. The hash is the deployment challenge's md5 (the node contract
 * stores it); the twin's key signs its 16 raw bytes.
 */
import { randomBytes } from 'node:crypto';
import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { challengeHash, type ChallengeDeployment } from '../../../simulator/node/deployments/challenge';

const GIB = 1024 ** 3;

/** Small enough for any simulated node: 1 vCPU, 1 GiB RAM, a 10 GiB root disk. */
export const TEST_VM = { cpu: 1, memory: 1 * GIB, rootfs: 10 * GIB } as const;
const FLIST = 'https://hub.grid.tf/tf-official-apps/base:latest.flist';

export interface Deployment extends ChallengeDeployment {
  contract_id: number;
  signature_requirement: ChallengeDeployment['signature_requirement'] & {
    signatures: { twin_id: number; signature: string; signature_type: string }[];
  };
}

/** A VM deployment for `twinId`; `listenPort` is a WireGuard port the node does not use yet. */
export function testVmDeployment(twinId: number, listenPort: number): { deployment: Deployment; name: string } {
  const suffix = randomBytes(3).toString('hex');
  const network = `gbnet${suffix}`;
  const name = `testvm${suffix}`;
  const deployment: Deployment = {
    version: 0,
    twin_id: twinId,
    contract_id: 0,
    metadata: '',
    description: 'Gridbox test VM',
    expiration: 0,
    workloads: [
      {
        version: 0,
        name: network,
        type: 'network',
        metadata: '',
        description: '',
        // A WireGuard private key is any 32 random bytes (the node clamps it).
        data: { ip_range: '10.20.0.0/16', subnet: '10.20.2.0/24', wireguard_private_key: randomBytes(32).toString('base64'), wireguard_listen_port: listenPort, peers: [] },
      },
      {
        version: 0,
        name,
        type: 'zmachine',
        metadata: '',
        description: '',
        data: {
          flist: FLIST,
          network: { public_ip: '', planetary: false, interfaces: [{ network, ip: '10.20.2.2' }] },
          size: TEST_VM.rootfs,
          compute_capacity: { cpu: TEST_VM.cpu, memory: TEST_VM.memory },
          mounts: [],
          entrypoint: '/sbin/zinit init',
          env: {},
          corex: false,
          gpu: [],
        },
      },
    ],
    signature_requirement: { requests: [{ twin_id: twinId, required: false, weight: 1 }], weight_required: 1, signatures: [], signature_style: '' },
  };
  return { deployment, name };
}

/** The contract's deployment hash: what `create_node_contract` stores and the node checks. */
export const deploymentHash = (d: Deployment): string => challengeHash(d);

/** Sets the contract id and adds the twin's signature, as grid_client's Deployment.sign does. */
export function signTestVm(d: Deployment, contractId: number, pair: KeyringPair): Deployment {
  const signed: Deployment = { ...d, contract_id: contractId, signature_requirement: { ...d.signature_requirement, signatures: [] } };
  const signature = u8aToHex(pair.sign(Buffer.from(challengeHash(signed), 'hex')), -1, false);
  signed.signature_requirement.signatures.push({ twin_id: d.twin_id, signature, signature_type: pair.type });
  return signed;
}

/** The metadata grid_client stores on a VM's contract (the dashboards list deployments by it). */
export const testVmContractData = (name: string): string => JSON.stringify({ version: 3, type: 'vm', name, projectName: 'gridbox-test' });
