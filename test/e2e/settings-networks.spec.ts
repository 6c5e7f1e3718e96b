// Settings → Networks as a user meets it: the five networks, editing a live network's endpoints (a bad URL is refused
// with the reason), Check saying which endpoints answer, reset to the public defaults, the account used on a network,
// and the sidebar's network selector (mainnet in the warning colour).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

let app: RunningApp;
let proxy: Server;
let proxyUrl: string;

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
  // Something that answers like a grid proxy's /version, so Check has an endpoint that answers and others that don't.
  proxy = createServer((req, res) => {
    res.writeHead(req.url === '/version' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{"version":"local"}');
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  await app?.stop();
  await new Promise((ok) => proxy?.close(ok));
});

test('edit, check and reset a network; choose its account; switch the network the app works against', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-networks');
  for (const id of ['local', 'dev', 'qa', 'test', 'main']) await expect(section.getByTestId(`network-${id}`)).toBeVisible();
  await expect(page.getByTestId('network-local-active')).toBeVisible();
  await expect(page.getByTestId('network-test-url-substrate')).toHaveText('wss://tfchain.test.grid.tf/ws');
  // The local grid's endpoints follow the grid: no edit button.
  await expect(page.getByTestId('network-local-edit')).toHaveCount(0);

  // A bad URL is refused with the reason, and nothing is saved.
  await page.getByTestId('network-test-edit').click();
  await page.getByTestId('network-test-endpoint-substrate').fill('https://tfchain.example/ws');
  await page.getByTestId('network-test-save').click();
  await expect(page.getByTestId('network-test-form')).toContainText('enter a URL starting with ws:// or wss://');
  await expect(page.getByTestId('network-test-form').getByTestId('form-error')).toContainText('Chain (Substrate)');

  // Good URLs: a closed port for the chain, a listening proxy.
  await page.getByTestId('network-test-endpoint-substrate').fill('ws://127.0.0.1:9');
  await page.getByTestId('network-test-endpoint-proxy').fill(proxyUrl);
  await page.getByTestId('network-test-save').click();
  await expect(page.getByTestId('network-test-form')).toHaveCount(0);
  await expect(page.getByTestId('network-test-edited')).toBeVisible();
  await expect(page.getByTestId('network-test-url-proxy')).toContainText(proxyUrl);

  await page.getByTestId('network-test-check').click();
  await expect(page.getByTestId('network-test-check-proxy')).toHaveAttribute('data-ok', 'true', { timeout: 20_000 });
  await expect(page.getByTestId('network-test-check-proxy')).toContainText('answers');
  await expect(page.getByTestId('network-test-check-substrate')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('network-test-check-substrate')).toContainText('cannot connect');
  // With the check results in view, in both themes.
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('network-test').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('network-test-check-proxy')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`settings-networks-${theme}.png`), fullPage: true });
  }

  // The account used on Testnet, from the vault's accounts (the development accounts are there on a new vault).
  const account = page.getByTestId('network-test-account');
  const alice = await account.locator('option', { hasText: 'Alice' }).first().getAttribute('value');
  expect(alice).toBeTruthy();
  await account.selectOption(alice!);
  await page.reload();
  await expect(page.getByTestId('network-test-account')).toHaveValue(alice!);

  await page.getByTestId('network-test-reset').click();
  await expect(page.getByTestId('network-test-edited')).toHaveCount(0);
  await expect(page.getByTestId('network-test-url-substrate')).toHaveText('wss://tfchain.test.grid.tf/ws');
  await expect(page.getByTestId('network-test-url-proxy')).toHaveText('https://gridproxy.test.grid.tf');
  // Reset keeps the chosen account.
  await expect(page.getByTestId('network-test-account')).toHaveValue(alice!);

  // The sidebar selector: mainnet is shown with a warning, and Settings marks it as in use.
  await page.getByTestId('network-select').selectOption('main');
  await expect(page.getByTestId('network-mainnet-warning')).toBeVisible();
  await expect(page.getByTestId('network-main-active')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('sidebar-mainnet.png') });
  await page.getByTestId('network-select').selectOption('local');
  await expect(page.getByTestId('network-mainnet-warning')).toHaveCount(0);
  await expect(page.getByTestId('network-local-active')).toBeVisible();

  // The data directory is shown with a copy button (the web app cannot open folders).
  await expect(page.getByTestId('app-data-dir')).toHaveText(app.dataDir);
  await expect(page.getByTestId('copy-data-dir')).toBeVisible();
  await expect(page.getByTestId('open-data-dir')).toHaveCount(0);
});
