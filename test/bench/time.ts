/**
 * `npx tsx test/bench/time.ts`: how long gridbox_timeJump takes. Nothing is asserted; figures depend on the machine
 * (and on what else runs on it: the load average is printed). Every loop is bounded.
 *   - a 25 h jump (15,000 blocks) on an empty dev chain, in memory
 *   - a 25 h jump with 10 contracts (5 node contracts with used resources, 5 names) billing every 10 blocks, 15,000
 *     bills in all (contracts made with polkadot-js: tfchain_client does not load under plain tsx)
 *   - the same 25 h jump on a chain kept on disk (--data): one fdatasync per 20 ms slice instead of one per block
 * The chain runs in this process; the only client is an idle polkadot-js ApiPromise.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { startChain } from '../../simulator/chain';
import type { TimeJumpJson } from '../../simulator/chain/rpc/chain-api';

const JUMP_SECS = 25 * 3600;
const CONTRACTS = 10;
const GIB = 1024n ** 3n;
const TFT = 10_000_000n;

const load = () => loadavg()[0]!.toFixed(1);

function line(label: string, r: TimeJumpJson): void {
  console.log(`${label.padEnd(44)} ${String(r.blocks).padStart(6)} blocks  ${(r.ms / 1000).toFixed(1).padStart(6)} s  `
    + `${(r.ms / r.blocks).toFixed(3)} ms/block  (load ${load()})`);
}

async function withChain<T>(dataDir: string | undefined, work: (url: string, send: <R>(m: string, p: unknown[]) => Promise<R>) => Promise<T>): Promise<T> {
  const chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', ...(dataDir ? { dataDir } : {}) });
  const provider = new WsProvider(chain.url, 1000, {}, 900_000);
  await provider.isReady;
  try {
    return await work(chain.url, (m, p) => provider.send(m, p));
  } finally {
    await provider.disconnect();
    await chain.close();
  }
}

const inBlock = (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<void> => new Promise((resolve, reject) => {
  void tx.signAndSend(signer, (r) => {
    if (r.dispatchError) reject(new Error(`refused: ${r.dispatchError.toString()}`));
    else if (r.status.isInBlock || r.status.isFinalized) resolve();
  }).catch(reject);
});

/** Twins, a farm and a node through dev_setStorage, then CONTRACTS contracts signed by the user. */
async function seedContracts(url: string, send: <R>(m: string, p: unknown[]) => Promise<R>): Promise<void> {
  const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519' });
  const [user, farmer, node] = ['//bench-user', '//Bob', '//bench-node'].map((u) => keyring.addFromUri(u)) as [ReturnType<Keyring['addFromUri']>, ReturnType<Keyring['addFromUri']>, ReturnType<Keyring['addFromUri']>];
  const alice = keyring.addFromUri('//Alice');
  await inBlock(api.tx.utility.batchAll([
    api.tx.balances.transferKeepAlive(user.address, 100_000n * TFT),
    api.tx.balances.transferKeepAlive(node.address, 10n * TFT),
  ]), alice);
  const twins = [[1, user], [2, farmer], [3, node]] as const;
  await send('dev_setStorage', [{ TfgridModule: {
    Twins: twins.map(([id, p]) => [[id], { id, account_id: p.address, relay: null, entities: [], pk: null }]),
    TwinIdByAccountID: twins.map(([id, p]) => [[p.address], id]),
    Farms: [[[1], { version: 4, id: 1, name: 'benchfarm', twin_id: 2, pricing_policy_id: 1, certification: 'NotCertified', dedicated_farm: false, farming_policy_limits: null, public_ips: [] }]],
    Nodes: [[[1], {
      version: 6, id: 1, farm_id: 1, twin_id: 3, resources: { hru: '0', sru: String(2000n * GIB), cru: '64', mru: String(256n * GIB) },
      certification: 'Diy', created: 0, farming_policy_id: 1, interfaces: [], public_config: null, secure_boot: false,
      virtualized: false, serial_number: null, connection_price: 80,
    }]],
    NodeIdByTwinID: [[[3], 1]],
    NodesByFarmID: [[[1], [1]]],
  } }]);
  const sc = api.tx.smartContractModule!;
  try {
    for (let i = 0; i < CONTRACTS / 2; i++) {
      const hash = createHash('md5').update(`bench-${i}`).digest('hex');
      await inBlock(sc.createNodeContract!(1, hash, '{}', 0, null), user);
      await inBlock(sc.createNameContract!(`benchname${i}`), user);
    }
    // Node contracts are 1, 3, 5, …: created before each name.
    const used = { hru: 0n, sru: 25n * GIB, cru: 1n, mru: 2n * GIB };
    const ids = Array.from({ length: CONTRACTS / 2 }, (_, i) => 2 * i + 1);
    await inBlock(sc.reportContractResources!(ids.map((contract_id) => ({ contract_id, used }))), node);
  } finally {
    await api.disconnect();
  }
}

async function main(): Promise<void> {
  console.log(`gridbox_timeJump, ${JUMP_SECS / 3600} h (chain in this process)`);
  await withChain(undefined, async (_url, send) => {
    await send('gridbox_timeJump', [3600]); // warm-up: JIT
    line('empty chain, in memory', await send<TimeJumpJson>('gridbox_timeJump', [JUMP_SECS]));
  });
  await withChain(undefined, async (url, send) => {
    await seedContracts(url, send);
    await send('gridbox_timeJump', [600]);
    line(`${CONTRACTS} contracts billing, in memory`, await send<TimeJumpJson>('gridbox_timeJump', [JUMP_SECS]));
  });
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-time-'));
  try {
    await withChain(dir, async (url, send) => {
      await seedContracts(url, send);
      await send('gridbox_timeJump', [600]);
      line(`${CONTRACTS} contracts billing, on disk (--data)`, await send<TimeJumpJson>('gridbox_timeJump', [JUMP_SECS]));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
