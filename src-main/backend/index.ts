/**
 * The app backend: everything the renderer can ask for, behind the typed contract. Plain Node (no Electron import),
 * so the Electron main process, the web fallback and the CLI all run the same code.
 */
import { join } from 'node:path';
import type { AppInfo, GridView, NetworkId } from '../api/contract';
import type { ChildLauncher } from '../../simulator/grid/child-launcher';
import { ApiError } from '../api/errors';
import { Dispatcher, type Handlers } from './dispatch';
import { TopicBus } from './events';
import { ChainConnections } from './chain/connections';
import { Contracts, liveContractsChain, localContractsChain } from './chain/contracts';
import { NetworkChains } from './chain/network-chain';
import { LocalChain } from './chain/local-chain';
import { billingHistory } from './contracts/billing-history';
import { requireLocal } from './contracts/network';
import { TestDeployments } from './contracts/test-vm';
import { Explorer } from './explorer/explorer';
import { GridTime } from './grid/grid-time';
import { LocalGrid } from './grid/local-grid';
import { dockerEngine } from './grid/engines';
import { WorkspaceLibrary } from './grid/workspace-library';
import type { FileWrapper } from './keys/file-wrapper';
import { KeyVault } from './keys/vault';
import { FarmerFlows } from './farmer/farmer';
import { checkNetwork } from './networks/check';
import { NetworkProfiles } from './networks/networks';
import { SettingsStore } from './settings';

export interface BackendOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** safeStorage in Electron when the OS keychain is real; absent elsewhere. */
  fileWrapper?: FileWrapper;
  /** `free`: the local grid takes free ports instead of 9944/8081/8085 (GRIDBOX_GRID_PORTS=free; tests). */
  gridPorts?: 'default' | 'free';
  logError?: (context: string, err: unknown) => void;
  /** Electron main: opens a folder in the file manager (shell.openPath: '' or an error text). */
  openPath?: (path: string) => Promise<string>;
  /** Electron main: the local grid's processes run in utilityProcess (the packaged app has no system Node). */
  childLauncher?: ChildLauncher;
}

export interface Backend {
  dispatcher: Dispatcher;
  bus: TopicBus;
  vault: KeyVault;
  settings: SettingsStore;
  grid: LocalGrid;
  explorer: Explorer;
  /** Locks every key and stops a local grid this app started. */
  dispose(): Promise<void>;
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const bus = new TopicBus();
  const settings = new SettingsStore(options.dataDir, bus);
  const initial = await settings.load();
  const vault = new KeyVault({
    dir: join(options.dataDir, 'keys'),
    bus,
    autoLockMinutes: initial.autoLockMinutes,
    ...(options.fileWrapper ? { fileWrapper: options.fileWrapper } : {}),
  });
  bus.on('settings.changed', (s) => vault.setAutoLockMinutes(s.autoLockMinutes));
  const grid = new LocalGrid({
    dataDir: options.dataDir,
    bus,
    ...(options.gridPorts ? { ports: options.gridPorts } : {}),
    ...(options.logError ? { logError: options.logError } : {}),
    ...(options.childLauncher ? { childLauncher: options.childLauncher } : {}),
  });
  const workspaces = new WorkspaceLibrary({ dataDir: options.dataDir, bus, grid, downloads: options.mode === 'web' });
  const time = new GridTime({ grid, bus });
  const networks = new NetworkProfiles(options.dataDir, bus);
  await networks.load();
  bus.on('grid.changed', (view) => networks.followLocalGrid(view));
  const connections = new ChainConnections();
  const chain = new LocalChain({ vault, grid, connections });
  const farmer = new FarmerFlows({ vault, grid, networks, connections });
  const contracts = new Contracts();
  const chains = new NetworkChains({ vault, networks, connections });
  const contractsOn = (network: NetworkId, confirmMainnet?: boolean) =>
    network === 'local' ? localContractsChain(chain) : liveContractsChain(chains, network, confirmMainnet);
  const testDeployments = new TestDeployments({ chain, vault, grid, bus });
  const local = (network: NetworkId) => requireLocal(network, networks);
  const explorer = new Explorer({ bus, ...(options.logError ? { logError: options.logError } : {}) });
  // The explorer follows the chain of the network the app works against: the local grid's while it runs, or a live
  // network's when that one is chosen.
  const explorerEndpoint = (view: GridView): string | null =>
    networks.active === 'local'
      ? view.state === 'running' ? (view.endpoints?.substrate ?? null) : null
      : networks.get(networks.active).endpoints.substrate || null;
  let lastGridView: GridView | undefined;
  bus.on('grid.changed', (view) => {
    lastGridView = view;
    explorer.follow(explorerEndpoint(view));
  });
  bus.on('networks.changed', () => {
    if (lastGridView) explorer.follow(explorerEndpoint(lastGridView));
  });

  const handlers: Handlers = {
    'app.info': () => ({
      version: options.version,
      mode: options.mode,
      dataDir: options.dataDir,
      platform: process.platform,
      keyFileProtection: options.fileWrapper ? 'password+os-keychain' : 'password',
      canOpenFolders: options.openPath !== undefined,
    }),
    'app.openDataDir': async () => {
      if (!options.openPath) throw new ApiError('unavailable', 'the web app cannot open folders: copy the path and open it in your file manager');
      const failure = await options.openPath(options.dataDir);
      if (failure) throw new ApiError('unavailable', `could not open the data directory (${failure}): copy the path and open it in your file manager`);
      return null;
    },
    'settings.get': () => settings.get(),
    'settings.update': (p) => settings.update(p),
    'keys.list': () => vault.list(),
    'keys.createBegin': (p) => vault.createBegin(p),
    'keys.createConfirm': (p) => vault.createConfirm(p),
    'keys.createCancel': (p) => (vault.createCancel(p.draftId), null),
    'keys.import': (p) => vault.import(p),
    'keys.revealMnemonic': (p) => vault.revealMnemonic(p.address, p.password),
    'keys.export': (p) => vault.export(p.address, p.password),
    'keys.rename': (p) => vault.rename(p.address, p.name),
    'keys.remove': async (p) => (await vault.remove(p.address), null),
    'keys.unlock': (p) => vault.unlock(p.address, p.password),
    'keys.lock': (p) => (vault.lock(p.address), null),
    'keys.sign': (p) => vault.sign(p.address, p.message, p.encoding),
    'grid.status': () => grid.status(),
    'grid.start': (p) => grid.start(p),
    'grid.stop': () => grid.stop(),
    'grid.node': (p) => grid.node(p.name, p.action),
    'grid.engines': async () => ({ docker: await dockerEngine() }),
    'grid.logs': (p) => grid.logs(p.name, p.after, p.maxLines),
    'workspaces.list': () => workspaces.view(),
    'workspaces.create': (p) => workspaces.create(p),
    'workspaces.open': (p) => workspaces.open(p.name),
    'workspaces.duplicate': (p) => workspaces.duplicate(p.from, p.to),
    'workspaces.export': (p) => workspaces.exportTo(p.name, p.path),
    'workspaces.import': (p) => workspaces.importFrom(p.path, p.name, p.overwrite),
    'workspaces.delete': (p) => workspaces.delete(p.name),
    'workspaces.reset': () => workspaces.reset(),
    'snapshots.save': (p) => workspaces.saveSnapshot(p.name, p.overwrite),
    'snapshots.restore': (p) => workspaces.restoreSnapshot(p.name),
    'snapshots.delete': (p) => workspaces.deleteSnapshot(p.name),
    'time.status': () => time.status(),
    'time.mode': (p) => time.mode(p),
    'time.advance': (p) => time.advance(p.blocks),
    'time.jump': (p) => time.jump(p.seconds),
    'chain.twin': async (p) => ({ twinId: await contractsOn(p.network).twinId(p.address) }),
    'chain.ensureTwin': async (p) => ({ twinId: await chain.ensureTwin(p.address) }),
    'contracts.list': (p) => contracts.list(contractsOn(p.network), p.address),
    'contracts.createName': (p) => contracts.createName(contractsOn(p.network, p.confirmMainnet), p.address, p.name),
    'contracts.createRent': (p) => contracts.createRent(contractsOn(p.network, p.confirmMainnet), p.address, p.nodeId),
    'contracts.cancel': async (p) => (await contracts.cancel(contractsOn(p.network, p.confirmMainnet), p.address, p.id), null),
    'contracts.bills': async (p) => {
      const graphql = p.network === 'local' ? ((await grid.status()).endpoints?.graphql ?? '') : networks.get(p.network).endpoints.graphql;
      return billingHistory(graphql, p.contractId, p.limit);
    },
    'contracts.deployTestVm': (p) => (local(p.network), testDeployments.deploy(p.address, p.nodeId)),
    'contracts.deployment': (p) => (local(p.network), testDeployments.deployment(p.address, p.contractId)),
    'explorer.status': async () => {
      // Looking at the grid starts watching it, which points the explorer at its chain.
      lastGridView = await grid.status();
      explorer.follow(explorerEndpoint(lastGridView));
      return explorer.status();
    },
    'explorer.blocks': (p) => explorer.blocks(p),
    'explorer.block': (p) => explorer.block(p.id),
    'explorer.events': (p) => explorer.events(p),
    'explorer.search': (p) => explorer.search(p.query),
    'networks.list': () => networks.list(),
    'networks.update': (p) => networks.update(p),
    'networks.reset': (p) => networks.reset(p.id),
    'networks.select': (p) => networks.select(p.id),
    'networks.check': (p) => checkNetwork(networks.get(p.id)),
    'farmer.status': (p) => farmer.status(p),
    'farmer.fund': (p) => farmer.fund(p),
    'farmer.acceptTerms': (p) => farmer.acceptTerms(p),
    'farmer.createTwin': (p) => farmer.createTwin(p),
    'farmer.createFarm': (p) => farmer.createFarm(p),
    'farmer.setPayout': (p) => farmer.setPayout(p),
    'farmer.detectHardware': () => farmer.detectHardware(),
    'farmer.preflight': (p) => farmer.preflight(p.hardware),
    'farmer.bootNode': (p) => farmer.bootNode(p),
    'farmer.node': (p) => farmer.node(p),
    'farmer.bootImage': (p) => farmer.bootImage(p),
  };

  const dispatcher = new Dispatcher(handlers, bus, {
    onActivity: () => vault.touch(),
    ...(options.logError ? { logError: options.logError } : {}),
  });
  return {
    dispatcher,
    bus,
    vault,
    settings,
    grid,
    explorer,
    dispose: async () => {
      vault.dispose();
      await explorer.dispose();
      await testDeployments.dispose();
      await connections.dispose();
      await grid.dispose();
    },
  };
}
