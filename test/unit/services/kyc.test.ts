import { afterEach, describe, expect, it } from 'vitest';
import { startKyc, type RunningKyc } from '../../../simulator/services/kyc/index';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
// Alice's key in Polkadot's ss58 format (0): the same account, spelled differently.
const ALICE_POLKADOT = '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5';

let kyc: RunningKyc | undefined;
afterEach(async () => {
  await kyc?.close();
  kyc = undefined;
});

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${kyc!.url}${path}`);
  return { status: res.status, body: await res.json() };
}

async function post(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${kyc!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('KYC service', () => {
  it('answers VERIFIED for any account or twin, in the real service shape', async () => {
    kyc = await startKyc({ port: 0 });
    expect(await get(`/api/v1/status?client_id=${ALICE}`)).toEqual({
      status: 200,
      body: { result: { final: true, idenfyRef: '', clientId: ALICE, status: 'VERIFIED' } },
    });
    expect(await get('/api/v1/status?twin_id=42')).toMatchObject({ status: 200, body: { result: { status: 'VERIFIED' } } });
    expect(await get('/api/v1/health')).toMatchObject({ status: 200, body: { result: { status: 'Healthy', errors: [] } } });
    expect(await get('/health')).toMatchObject({ status: 200, body: { result: { status: 'Healthy' } } });
  });

  it('answers 404 "verification not found" for accounts marked unverified at start, by address or twin id', async () => {
    kyc = await startKyc({ port: 0, unverified: [ALICE_POLKADOT, '9'] });
    expect(await get(`/api/v1/status?client_id=${ALICE}`)).toEqual({ status: 404, body: { error: 'verification not found' } });
    expect(await get(`/api/v1/status?client_id=${BOB}`)).toMatchObject({ status: 200 });
    expect(await get('/api/v1/status?twin_id=9')).toEqual({ status: 404, body: { error: 'verification not found' } });
    expect(await get('/api/v1/status?twin_id=10')).toMatchObject({ status: 200 });
  });

  it('toggles an account through the local endpoint (and the seam name), and a twin follows its account', async () => {
    const twins = new Map([[7, { accountID: BOB }]]);
    kyc = await startKyc({ port: 0, twins });
    expect(await post('/api/v1/local/verification', { address: BOB, verified: false })).toEqual({ status: 200, body: { result: { address: BOB, verified: false } } });
    expect(await get(`/api/v1/status?client_id=${BOB}`)).toMatchObject({ status: 404 });
    expect(await get('/api/v1/status?twin_id=7')).toMatchObject({ status: 404 });
    expect(await get('/api/v1/status?twin_id=8')).toMatchObject({ status: 200 });
    expect(await post('/api/v1/verification', { address: BOB, verified: true })).toMatchObject({ status: 200 });
    expect(await get('/api/v1/status?twin_id=7')).toMatchObject({ status: 200 });
    expect(await post('/api/v1/local/verification', { twinId: 8, verified: false })).toEqual({ status: 200, body: { result: { twinId: '8', verified: false } } });
    expect(await get('/api/v1/status?twin_id=8')).toMatchObject({ status: 404 });
    kyc.setVerified(8, true);
    expect(await get('/api/v1/status?twin_id=8')).toMatchObject({ status: 200 });
  });

  it('answers bad requests with a clear 4xx and keeps serving', async () => {
    kyc = await startKyc({ port: 0 });
    expect(await get('/api/v1/status')).toEqual({ status: 400, body: { error: 'either client_id or twin_id must be provided' } });
    expect(await get('/api/v1/status?client_id=nope')).toEqual({ status: 400, body: { error: 'client_id is not a valid SS58 address' } });
    expect(await get('/api/v1/status?twin_id=-1')).toMatchObject({ status: 400 });
    expect(await get('/api/v1/status?twin_id=99999999999')).toMatchObject({ status: 400 });
    expect(await post('/api/v1/local/verification', '{not json')).toEqual({ status: 400, body: { error: 'body must be JSON' } });
    expect(await post('/api/v1/local/verification', [1])).toMatchObject({ status: 400 });
    expect(await post('/api/v1/local/verification', { address: ALICE })).toEqual({ status: 400, body: { error: 'verified must be true or false' } });
    expect(await post('/api/v1/local/verification', { address: ALICE, twinId: 1, verified: true })).toMatchObject({ status: 400 });
    expect(await post('/api/v1/local/verification', { twinId: 'x', verified: true })).toMatchObject({ status: 400 });
    expect(await post('/api/v1/local/verification', 'x'.repeat(20_000))).toMatchObject({ status: 413 });
    expect(await get('/api/v1/nothing')).toMatchObject({ status: 404 });
    expect(await get(`/api/v1/status?client_id=${ALICE}`)).toMatchObject({ status: 200 });
  });
});
