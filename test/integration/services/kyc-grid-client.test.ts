// grid_client 2.9.2's own KYC client and deployment handler against the local KYC service. grid_client always calls
// https://<KYC host> (grid-services.md §6.3 gotcha 2), so the test rewrites that one origin to the local http URL
// with an interceptor on the axios instance grid_client itself loads; nothing else of grid_client is changed.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKyc, type RunningKyc } from '../../../simulator/services/kyc/index';

const require = createRequire(import.meta.url);
const gridClientEntry = require.resolve('@threefold/grid_client');
const grid = require(gridClientEntry) as {
  KYC: new (apiDomain: string, mnemonic: string) => { status(): Promise<string>; isHealthy(): Promise<boolean>; address?: string };
  TwinDeploymentHandler: new (config: Record<string, unknown>) => { handle(deployments: unknown[]): Promise<unknown> };
};
const axios = createRequire(gridClientEntry)('axios') as {
  interceptors: { request: { use(fn: (config: { url?: string }) => { url?: string }): number; eject(id: number): void } };
};

const MNEMONIC = '//Alice';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

let kyc: RunningKyc;
let kycHost: string;
let interceptor: number;

beforeAll(async () => {
  kyc = await startKyc({ port: 0 });
  kycHost = `127.0.0.1:${kyc.port}`;
  interceptor = axios.interceptors.request.use((config) => {
    if (config.url?.startsWith(`https://${kycHost}/`)) config.url = `http://${config.url.slice('https://'.length)}`;
    return config;
  });
});

afterAll(async () => {
  axios.interceptors.request.eject(interceptor);
  await kyc?.close();
});

describe('grid_client KYC client against the local KYC service', () => {
  it('reads VERIFIED and a healthy service', async () => {
    const client = new grid.KYC(kycHost, MNEMONIC);
    expect(await client.status()).toBe('VERIFIED');
    expect(client.address).toBe(ALICE);
    expect(await client.isHealthy()).toBe(true);
  });

  it('reads UNVERIFIED for an account marked unverified, and the deployment handler refuses with its message', async () => {
    const res = await fetch(`${kyc.url}/api/v1/local/verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address: ALICE, verified: false }),
    });
    expect(res.status).toBe(200);
    expect(await new grid.KYC(kycHost, MNEMONIC).status()).toBe('UNVERIFIED');

    // The first thing TwinDeploymentHandler.handle does for machines.deploy and every other deployment.
    const handler = new grid.TwinDeploymentHandler({ kycURL: kycHost, mnemonic: MNEMONIC, keypairType: 'sr25519', graphqlURL: 'http://127.0.0.1:1/graphql', proxyURL: 'http://127.0.0.1:1' });
    await expect(handler.handle([])).rejects.toThrow(/Your account is not verified\. Please sign into Threefold Dashboard or Connect mobile app to complete your KYC verification\./);

    kyc.setVerified(ALICE, true);
    expect(await new grid.KYC(kycHost, MNEMONIC).status()).toBe('VERIFIED');
  });
});
