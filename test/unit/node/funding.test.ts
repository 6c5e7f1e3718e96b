// The activation client as Zero-OS uses it: POST {substrateAccountID}, 200 or 409 are success, anything else fails
// with the service's answer. A local HTTP server on a free port plays the service.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationFunder } from '../../../simulator/node/funding';

let server: Server;
let url: string;
const seen: { path: string; body: unknown }[] = [];
const statusFor: Record<string, number> = { '5Ok': 200, '5Again': 409, '5Broken': 500 };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { substrateAccountID: string };
      seen.push({ path: req.url ?? '', body: parsed });
      res.writeHead(statusFor[parsed.substrateAccountID] ?? 400).end('activation says no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('activation funding', () => {
  it('posts the account to /activation/activate and accepts 200 and 409', async () => {
    const funder = new ActivationFunder(`${url}/`);
    await funder.fund('5Ok');
    await funder.fund('5Again');
    expect(seen.slice(0, 2)).toEqual([
      { path: '/activation/activate', body: { substrateAccountID: '5Ok' } },
      { path: '/activation/activate', body: { substrateAccountID: '5Again' } },
    ]);
  });

  it('fails with the status and text of any other answer', async () => {
    await expect(new ActivationFunder(url).fund('5Broken')).rejects.toThrow('activation service answered 500: activation says no');
  });
});
