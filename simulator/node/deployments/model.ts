/** The deployment and workload JSON model (grid-services.md §1.11), parsed from what a client sends. */
import * as z from 'zod';

export type WorkloadState = 'init' | 'ok' | 'error' | 'deleted' | 'paused' | 'unchanged';

export interface WorkloadResult {
  created: number;
  state: WorkloadState;
  message: string;
  data: unknown;
}

const u64 = z.number().int().nonnegative();

const workloadSchema = z.object({
  version: u64,
  name: z.string(),
  type: z.string().min(1),
  // Zero-OS keeps `data` as raw JSON and echoes it verbatim (grid_client's extra keys included).
  data: z.unknown(),
  metadata: z.string().default(''),
  description: z.string().default(''),
}).passthrough();

export const deploymentSchema = z.object({
  version: u64,
  twin_id: u64,
  contract_id: u64,
  metadata: z.string().default(''),
  description: z.string().default(''),
  expiration: u64.default(0),
  signature_requirement: z.object({
    requests: z.array(z.object({ twin_id: u64, required: z.boolean().default(false), weight: u64.default(1) })),
    weight_required: u64,
    signatures: z.array(z.object({
      twin_id: u64, signature: z.string(), signature_type: z.string().default('sr25519'),
    })).default([]),
    signature_style: z.string().default(''),
  }),
  workloads: z.array(workloadSchema),
}).passthrough();

/** Parsed fields; unknown extra keys are kept at run time (passthrough) and echoed back. */
export interface WorkloadInput {
  version: number; name: string; type: string; data: unknown; metadata: string; description: string;
}
export interface DeploymentInput {
  version: number;
  twin_id: number;
  contract_id: number;
  metadata: string;
  description: string;
  expiration: number;
  signature_requirement: {
    requests: { twin_id: number; required: boolean; weight: number }[];
    weight_required: number;
    signatures: { twin_id: number; signature: string; signature_type: string }[];
    signature_style: string;
  };
  workloads: WorkloadInput[];
}
export interface Workload extends WorkloadInput { result: WorkloadResult }
export interface Deployment extends Omit<DeploymentInput, 'workloads'> { workloads: Workload[] }

/** Parses a client's deployment; the error names the first bad field. */
export function parseDeployment(payload: unknown): DeploymentInput {
  const parsed = deploymentSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid deployment: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data as DeploymentInput;
}

/** The `{"contract_id": n}` argument of get and changes. */
export function parseContractId(payload: unknown): number {
  const id = (payload && typeof payload === 'object' ? payload as Record<string, unknown> : {}).contract_id;
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new Error('invalid argument: contract_id must be a number');
  return id;
}
