/**
 * Zero-OS's synchronous checks on a deployment (`NativeEngine.CreateOrUpdate`, grid-services.md §1.8): structure,
 * the sender is the deployment's twin, signatures against the twins' chain keys, and the node contract on chain.
 */
import { u8aToHex, hexToU8a, stringToU8a, isHex } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import type { ChallengeDeployment } from './challenge';
import { challengeHash } from './challenge';
import type { DeploymentInput } from './model';
import { checkWorkloadData } from './workload-rules';

const NAME = /^[a-zA-Z0-9_]+$/;

/** `deployment.Valid()`: workload names unique, valid and ≤ 36 characters; no workload newer than its deployment. */
export function checkStructure(d: DeploymentInput): void {
  const seen = new Set<string>();
  for (const w of d.workloads) {
    if (!NAME.test(w.name) || w.name.length > 36) throw new Error(`invalid workload name "${w.name}"`);
    if (seen.has(w.name)) throw new Error(`multiple workloads with the same name "${w.name}"`);
    seen.add(w.name);
    if (w.version > d.version) throw new Error(`workload "${w.name}" version ${w.version} is newer than the deployment version ${d.version}`);
    checkWorkloadData(w);
  }
  if (d.signature_requirement.weight_required === 0) throw new Error('invalid signature requirement: weight_required must be positive');
}

export interface TwinKeys {
  /** The twin's account public key, or null when the twin does not exist. */
  accountKey(twinId: number): Promise<Uint8Array | null>;
}

/**
 * `deployment.Verify(twins)`: the originator's request is forced to required; every signature must verify against
 * its twin's account key over the 16 md5 bytes (or `<Bytes>hex</Bytes>` for polka-wallet); weights must suffice.
 */
export async function verifySignatures(d: DeploymentInput, twins: TwinKeys): Promise<void> {
  const req = d.signature_requirement;
  const requests = req.requests.map((r) => (r.twin_id === d.twin_id ? { ...r, required: true } : r));
  if (!requests.some((r) => r.twin_id === d.twin_id)) requests.push({ twin_id: d.twin_id, required: true, weight: 1 });
  const hash = challengeHash(d as ChallengeDeployment);
  const message = req.signature_style === 'polka-wallet' ? stringToU8a(`<Bytes>${hash}</Bytes>`) : hexToU8a(`0x${hash}`);
  let weight = 0;
  for (const request of requests) {
    const signature = req.signatures.find((sig) => sig.twin_id === request.twin_id);
    if (!signature) {
      if (request.required) throw new Error(`missing required signature for twin ${request.twin_id}`);
      continue;
    }
    const key = await twins.accountKey(request.twin_id);
    if (!key) throw new Error(`twin ${request.twin_id} not found`);
    const hex = signature.signature.startsWith('0x') ? signature.signature : `0x${signature.signature}`;
    if (!isHex(hex) || hex.length !== 130) throw new Error(`invalid signature for twin ${request.twin_id}`);
    const verdict = signatureVerify(message, hex, u8aToHex(key));
    if (!verdict.isValid || (verdict.crypto !== 'none' && verdict.crypto !== signature.signature_type)) {
      throw new Error(`failed to verify signature of twin ${request.twin_id}`);
    }
    weight += request.weight;
  }
  if (weight < req.weight_required) throw new Error(`required signature weight ${req.weight_required} not reached (${weight})`);
}

export interface ChainContract {
  contractId: number;
  twinId: number;
  state: unknown;
  contractType: { nodeContract?: { nodeId: number; deploymentHash: string; publicIps: number; publicIpsList: { ip: string; gateway: string }[] } };
}

/** The node contract must exist, be this node's and the twin's, and carry this deployment's hash. */
export function checkContract(contract: ChainContract | null, d: DeploymentInput, nodeId: number, hash: string): void {
  if (!contract) throw new Error(`contract ${d.contract_id} not found`);
  const nc = contract.contractType.nodeContract;
  if (!nc) throw new Error(`contract ${d.contract_id} is not a node contract`);
  if (nc.nodeId !== nodeId) throw new Error('invalid node address in contract');
  if (contract.twinId !== d.twin_id) throw new Error('contract twin does not match deployment twin');
  // The chain stores the 32 ASCII characters of the md5 hex; a raw form arrives as 0x + 64 hex digits.
  const onChain = nc.deploymentHash.startsWith('0x') && nc.deploymentHash.length === 66
    ? Buffer.from(nc.deploymentHash.slice(2), 'hex').toString('latin1')
    : nc.deploymentHash;
  if (onChain !== hash) throw new Error('contract hash does not match deployment hash');
}
