// The app backend's chain flows on a real local grid: a new account gets funds, terms and a twin; name and rent
// contracts are created, listed and cancelled with keys that never leave the backend; refusals name the rule.
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo, ContractView, GridView } from '../../../src-main/api/contract';
import { startTestBackend, type TestBackend } from './app-backend';

let app: TestBackend;
const call = <T>(method: string, params: unknown = {}): Promise<T> => app.call<T>(method, params);

beforeAll(async () => {
  app = await startTestBackend('contracts');
}, 30_000);
afterAll(async () => {
  await app?.close();
});

describe('contracts from the app backend', () => {
  it('needs a running grid', async () => {
    await expect(call('contracts.list', { address: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a new account gets a twin, creates and cancels a name contract, rents a node; the chain refusals name the rule', { timeout: 240_000 }, async () => {
    const view = await call<GridView>('grid.start', { nodes: 1 });
    expect(view.state).toBe('running');

    const account = await call<AccountInfo>('keys.import', { name: 'tenant', password: 'correct horse battery', source: { kind: 'mnemonic', mnemonic: mnemonicGenerate(12) } });
    const { address } = account;
    expect((await call<{ twinId: number }>('chain.twin', { address })).twinId).toBe(0);
    const { twinId } = await call<{ twinId: number }>('chain.ensureTwin', { address });
    expect(twinId).toBeGreaterThan(0);
    // Done once: a second call changes nothing.
    expect((await call<{ twinId: number }>('chain.ensureTwin', { address })).twinId).toBe(twinId);

    const named = await call<ContractView>('contracts.createName', { address, name: 'my-gateway' });
    expect(named).toMatchObject({ type: 'name', state: 'created', name: 'my-gateway', twinId });
    await expect(call('contracts.createName', { address, name: 'my-gateway' })).rejects.toMatchObject({ code: 'rejected', message: expect.stringMatching(/NameExists/) });
    await expect(call('contracts.createName', { address, name: 'Not Valid' })).rejects.toMatchObject({ code: 'invalid_params' });

    const rent = await call<ContractView>('contracts.createRent', { address, nodeId: 1 });
    expect(rent).toMatchObject({ type: 'rent', nodeId: 1, state: 'created' });

    const listed = await call<ContractView[]>('contracts.list', { address });
    expect(listed.map((c) => c.id).sort()).toEqual([named.id, rent.id].sort());

    await call('contracts.cancel', { address, id: named.id });
    await call('contracts.cancel', { address, id: rent.id });
    expect(await call<ContractView[]>('contracts.list', { address })).toEqual([]);
    await expect(call('contracts.cancel', { address, id: named.id })).rejects.toMatchObject({ code: 'rejected' });

    // A locked account signs nothing.
    await call('keys.lock', { address });
    await expect(call('contracts.createName', { address, name: 'another-one' })).rejects.toMatchObject({ code: 'locked' });
    await call('grid.stop');
  });
});
