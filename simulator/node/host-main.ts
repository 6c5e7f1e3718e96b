/**
 * The node host process:
 *   node --import tsx simulator/node/host-main.ts --chain WS --relay WS --data DIR
 *        [--activation URL] [--control-port 0] [--uptime-interval SECS] [--chain-wait SECS]
 *        [--node NAME --farm ID [--profile small] [--nodes-before N]]
 * with GRIDBOX_CONTROL_TOKEN in the environment. `--node` adds that node at start (before the control API
 * listens): a host of one node, as each node container of `gridbox up --docker` runs, which boots the same node again
 * from its folder whenever the container restarts; `--nodes-before N` makes its createNode wait until N nodes are in the
 * farm, so node ids follow the fleet's order across containers. A full hardware profile comes as JSON in GRIDBOX_NODE_PROFILE. Prints one stdout line `{"control":"http://127.0.0.1:P"}` when
 * the control API listens; logs go to stderr. SIGINT/SIGTERM and POST /shutdown stop every agent and exit 0.
 */
import { parseArgs } from 'node:util';
import { startControlServer } from './control-server';
import { NodeHost, stderrLogger } from './host';
import { rmbPeerFactory } from './relay-peer';
import { profileMark, profileProcessStart } from '../grid/startup-profile';

profileProcessStart('nodeHost');
profileMark('nodeHost', 'modules loaded');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chain: { type: 'string' }, relay: { type: 'string' }, data: { type: 'string' },
      activation: { type: 'string' }, 'control-port': { type: 'string', default: '0' },
      'uptime-interval': { type: 'string' }, 'chain-wait': { type: 'string' },
      node: { type: 'string' }, farm: { type: 'string' }, profile: { type: 'string', default: 'small' },
      'nodes-before': { type: 'string' },
    },
    strict: true,
  });
  const token = process.env.GRIDBOX_CONTROL_TOKEN;
  if (!values.chain || !values.relay || !values.data) throw new Error('--chain, --relay and --data are required');
  if (!token) throw new Error('GRIDBOX_CONTROL_TOKEN must be set');
  const port = Number(values['control-port']);
  const interval = values['uptime-interval'] === undefined ? undefined : Number(values['uptime-interval']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--control-port must be a port number');
  if (interval !== undefined && !(interval > 0)) throw new Error('--uptime-interval must be a positive number of seconds');
  const chainWaitSecs = Number(values['chain-wait'] ?? 0);
  if (!(chainWaitSecs >= 0 && chainWaitSecs <= 600)) throw new Error('--chain-wait must be a number of seconds from 0 to 600');
  if (values.node !== undefined && values.farm === undefined) throw new Error('--node needs --farm');
  const log = stderrLogger('[host]');

  const host = await NodeHost.start({
    chainUrl: values.chain, relayUrl: values.relay, dataDir: values.data, chainWaitMs: chainWaitSecs * 1000,
    ...(values.activation ? { activationUrl: values.activation } : {}),
    ...(interval !== undefined ? { uptimeIntervalSecs: interval } : {}),
    makePeerFactory: (chain) => rmbPeerFactory(values.relay!, chain),
  });
  profileMark('nodeHost', 'chain connected');
  if (values.node !== undefined) {
    const profile: unknown = process.env.GRIDBOX_NODE_PROFILE ? JSON.parse(process.env.GRIDBOX_NODE_PROFILE) : values.profile;
    const nodesBefore = values['nodes-before'] === undefined ? undefined : Number(values['nodes-before']);
    await host.addNode({ name: values.node, farmId: Number(values.farm), profile, ...(nodesBefore !== undefined ? { nodesBefore } : {}) });
  }
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down');
    void Promise.all([control.close(), host.close()]).finally(() => process.exit(0));
  };
  const control = await startControlServer({ host, token, port, onShutdown: shutdown });
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  profileMark('nodeHost', 'control listening');
  process.stdout.write(`${JSON.stringify({ control: control.url })}\n`);
  log.info(`control API on ${control.url}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[host] error: ${(error as Error).message}\n`);
  process.exit(1);
});
