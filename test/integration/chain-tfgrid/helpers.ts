// A running dev chain with the TfgridModule implementation registered, for tests driven by unmodified clients.
// The implementation is passed through ChainOptions.impls so these tests do not depend on runtime/impls.ts listing it
// (and keep working once it does: an entry already there is replaced, not duplicated).
import { startChain, type RunningChain } from '../../../simulator/chain';
import { PALLET_IMPLS } from '../../../simulator/chain/runtime/impls';
import { tfgridImpl } from '../../../simulator/chain/runtime/pallets/tfgrid.impl';
import { collectingLogger } from '../chain/helpers';

export interface TfgridChain {
  readonly running: RunningChain;
  readonly url: string;
  /** Warnings and errors the chain logged. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function startTfgridChain(): Promise<TfgridChain> {
  const { logger, problems } = collectingLogger();
  const impls = [...PALLET_IMPLS.filter((i) => i.pallet.name !== 'TfgridModule'), tfgridImpl];
  const running = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger, impls });
  return { running, url: running.url, problems, close: () => running.close() };
}
