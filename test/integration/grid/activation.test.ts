// The activation service over a real dev chain: concurrent new accounts all funded (one local nonce sequence),
// an already funded account left alone, a nearly empty one topped up, bad addresses refused with 400.
import '@polkadot/api-augment';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { DEFAULT_ACTIVATION_AMOUNT, startActivation, type RunningActivation } from '../../../simulator/services/activation';

let chain: RunningChain;
let service: RunningActivation;
let api: ApiPromise;
const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });

beforeAll(async () => {
  chain = await startChain({ port: 0, blockMode: 'instant' });
  service = await startActivation({ chainUrl: chain.url, port: 0 });
  api = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true, throwOnConnect: true });
});

afterAll(async () => {
  await api?.disconnect();
  await service?.close();
  await chain?.close();
});

const activate = (body: unknown) => fetch(`${service.url}/activation/activate`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body),
});
const free = async (address: string) => (await api.query.system.account(address)).data.free.toBigInt();

describe('activation service', () => {
  it('funds ten new accounts requested at once, echoing each request', async () => {
    const accounts = Array.from({ length: 10 }, (_, i) => keyring.addFromUri(`//activation-test-${i}`).address);
    const responses = await Promise.all(accounts.map((a) => activate({ substrateAccountID: a })));
    expect(responses.map((r) => r.status)).toEqual(accounts.map(() => 200));
    expect(await responses[3]!.json()).toEqual({ substrateAccountID: accounts[3] });
    for (const a of accounts) expect(await free(a)).toBe(DEFAULT_ACTIVATION_AMOUNT);
  });

  it('funds an account once even when asked twice at the same time, and again never while it has funds', async () => {
    const address = keyring.addFromUri('//activation-twice').address;
    const [a, b] = await Promise.all([activate({ substrateAccountID: address }), activate({ substrateAccountID: address })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await activate({ substrateAccountID: address })).status).toBe(200);
    expect(await free(address)).toBe(DEFAULT_ACTIVATION_AMOUNT);
  });

  it('funds an ed25519 account, as Zero-OS nodes ask for theirs', async () => {
    const node = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//activation-node');
    const response = await activate({ substrateAccountID: node.address });
    expect(response.status).toBe(200);
    expect(await free(node.address)).toBe(DEFAULT_ACTIVATION_AMOUNT);
  });

  it('refuses what is not an account id with 400 and keeps serving', async () => {
    for (const body of [{ substrateAccountID: '0x1234' }, { substrateAccountID: 'nonsense' }, {}, 'not json', [1]]) {
      const response = await activate(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/substrateAccountID|JSON/);
    }
    expect((await fetch(`${service.url}/activation/activate`)).status).toBe(405);
    expect((await fetch(`${service.url}/elsewhere`, { method: 'POST' })).status).toBe(404);
  });
});
