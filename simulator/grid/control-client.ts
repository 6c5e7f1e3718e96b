/**
 * The node host's control API (docs/LOCAL-GRID-SEAMS.md, "Node host"), as the orchestrator and the `gridbox node`
 * and `gridbox status` commands use it: list, add, lifecycle and faults of simulated nodes.
 */

// The shapes are the node host's own (types only: nothing of the node agent is loaded here).
import type { HardwareProfile } from '../node/profiles';
import type { NodeFaults, NodeStatus } from '../node/types';

export type { NodeFaults, NodeState, NodeStatus } from '../node/types';

export type NodeAction = 'stop' | 'start' | 'crash' | 'restart';

export interface AddNodeRequest {
  name: string;
  farmId: number;
  /** a preset name (`small`, `medium`, `large`, `gpu`) or a full hardware profile */
  profile: string | HardwareProfile;
  uptimeIntervalSecs?: number;
}

export class ControlError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ControlError';
  }
}

const REQUEST_TIMEOUT_MS = 10_000;

export class ControlClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  nodes(): Promise<NodeStatus[]> {
    return this.#request<NodeStatus[]>('GET', '/nodes');
  }

  addNode(request: AddNodeRequest): Promise<unknown> {
    return this.#request('POST', '/nodes', request);
  }

  action(name: string, action: NodeAction): Promise<unknown> {
    return this.#request('POST', `/nodes/${encodeURIComponent(name)}/${action}`);
  }

  faults(name: string, faults: Partial<NodeFaults>): Promise<unknown> {
    return this.#request('POST', `/nodes/${encodeURIComponent(name)}/faults`, faults);
  }

  shutdown(): Promise<unknown> {
    return this.#request('POST', '/shutdown');
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ControlError(`the node host does not answer at ${this.url} (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String((parsed as { error: unknown }).error) : text.slice(0, 200);
      throw new ControlError(`${method} ${path}: ${response.status} ${message}`, response.status);
    }
    return parsed as T;
  }
}
