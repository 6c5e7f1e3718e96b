// A farm owned by //Bob (T&C, twin, createFarm) for nodes to register into, made with a plain ApiPromise.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { ChainSubmitter } from '../../../simulator/node/chain-client';

export async function createDevFarm(chainUrl: string, name: string): Promise<number> {
  const api = await ApiPromise.create({ provider: new WsProvider(chainUrl), noInitWarn: true });
  try {
    const submitter = new ChainSubmitter(api);
    const bob = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Bob');
    await submitter.submit(bob, 'tfgridModule', 'userAcceptTc', 'https://library.threefold.me/info/legal/#/', '9021d4dee05a661e2cb6838152c67f25');
    await submitter.submit(bob, 'tfgridModule', 'createTwin', 'relay.local', null);
    const events = await submitter.submit(bob, 'tfgridModule', 'createFarm', name, []);
    return (events.find((e) => e.method === 'FarmStored')!.data[0] as { id: number }).id;
  } finally {
    await api.disconnect();
  }
}
