// A dev chain (instant mode), a farm created by a farmer through tfchain_client, and a node host with its control
// API, as `gridbox up` runs them; helpers to call the control API and wait for node states.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@threefold/tfchain_client';
import { startChain, type RunningChain } from '../../../simulator/chain';
import type { PeerFactory } from '../../../simulator/node/agent';
import { startControlServer, type ControlServer } from '../../../simulator/node/control-server';
import { NodeHost } from '../../../simulator/node/host';
import { rmbPeerFactory } from '../../../simulator/node/relay-peer';
import type { Logger, NodeStatus } from '../../../simulator/node/types';
import { startRelay, type RunningRelay } from '../../../simulator/services/relay';
import { collectingLogger } from '../chain/helpers';

export const TC = { documentLink: 'https://library.threefold.me/info/legal/#/', documentHash: '9021d4dee05a661e2cb6838152c67f25' };

export interface NodeGrid {
  chain: RunningChain;
  farmer: Client;
  farmId: number;
  host: NodeHost;
  control: ControlServer;
  token: string;
  dataDir: string;
  /** Present when started `withRelay`. */
  relay?: RunningRelay;
  /** Every line the host and its agents logged. */
  logs: string[];
  close(): Promise<void>;
}

export function memoryLogger(prefix: string, lines: string[]): Logger {
  const push = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    lines.push(`${prefix} ${level} ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  };
  return { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export async function startNodeGrid(options: { withRelay?: boolean; peerFactory?: PeerFactory } = {}): Promise<NodeGrid> {
  const { logger } = collectingLogger();
  const chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger });
  const farmer = new Client({ url: chain.url, mnemonicOrSecret: '//Bob' });
  await farmer.connect();
  await (await farmer.termsAndConditions.accept(TC)).apply();
  await (await farmer.twins.create({ relay: 'relay.local', pk: '' })).apply();
  const farm = await (await farmer.farms.create({ name: `farm_${Date.now()}`, publicIps: [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }] })).apply();
  const dataDir = await mkdtemp(join(tmpdir(), 'gridbox-nodes-'));
  const logs: string[] = [];
  const relay = options.withRelay ? await startRelay({ chainUrl: chain.url, host: '127.0.0.1', port: 0, logger: memoryLogger('[relay]', logs) }) : undefined;
  const relayUrl = relay?.url ?? 'ws://127.0.0.1:1';
  const host = await NodeHost.start({
    chainUrl: chain.url, relayUrl, dataDir, uptimeIntervalSecs: 1,
    loggerFor: (prefix) => memoryLogger(prefix, logs), provisionDelayMs: 50,
    ...(options.peerFactory ? { peerFactory: options.peerFactory } : {}),
    ...(relay ? { makePeerFactory: (chain) => rmbPeerFactory(relayUrl, chain) } : {}),
  });
  const token = 'test-token-0123456789';
  const control = await startControlServer({ host, token });
  return {
    chain, farmer, farmId: farm.id, host, control, token, dataDir, logs, ...(relay ? { relay } : {}),
    close: async () => {
      await control.close();
      await host.close();
      await relay?.close();
      await farmer.disconnect();
      await chain.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function controlCall<T = unknown>(g: NodeGrid, method: string, path: string, body?: unknown, token = g.token): Promise<{ status: number; body: T }> {
  const response = await fetch(`${g.control.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() as T };
}

export async function nodeStatus(g: NodeGrid, name: string): Promise<NodeStatus> {
  const { body } = await controlCall<NodeStatus[]>(g, 'GET', '/nodes');
  const node = body.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node;
}

/** Polls the control API until `pred` holds (bounded). */
export async function waitForNode(g: NodeGrid, name: string, pred: (s: NodeStatus) => boolean, timeoutMs = 30_000): Promise<NodeStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: NodeStatus | undefined;
  while (Date.now() < deadline) {
    last = await nodeStatus(g, name);
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`node ${name} did not reach the expected state; last: ${JSON.stringify(last)}`);
}
