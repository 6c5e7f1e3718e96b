import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import WebSocket from 'ws';
import { setTheme, startWebApp, type RunningApp } from './web-app';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PASSWORD = 'correct horse battery';
let app: RunningApp;
let second: { child: ChildProcess; dataDir: string } | undefined;

interface UpSummary {
  substrate: string;
  relay: string;
  activation: string;
  proxy?: string;
  graphql?: string;
}

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  if (second && second.child.exitCode === null) {
    const exited = new Promise((ok) => second!.child.once('exit', ok));
    second.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 20_000))]);
    if (second.child.exitCode === null) second.child.kill('SIGKILL');
  }
  if (second) rmSync(second.dataDir, { recursive: true, force: true });
  await app?.stop();
});

/** A second local grid, as a user starts it in a terminal, standing in for a live network. */
async function startSecondGrid(): Promise<UpSummary> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbox-e2e-live-'));
  const child = spawn(process.execPath, ['src-main/cli/gridbox.mjs', 'up', '--free-ports', '--json', '--nodes', '0', '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  second = { child, dataDir }; // stopped and removed after the test even if it never got ready
  let output = '';
  const summary = await new Promise<UpSummary>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gridbox up did not get ready:\n${output}`)), 150_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      try {
        clearTimeout(timer);
        resolve(JSON.parse(line) as UpSummary);
      } catch {
        // the line is still arriving
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`gridbox up exited with ${code}:\n${output}`)));
  });
  return summary;
}

/** One call on the app's API, over its WebSocket, as the renderer makes it. */
async function callApi(method: string, params: unknown): Promise<unknown> {
  const ws = new WebSocket(`${app.origin.replace(/^http/, 'ws')}/api?token=${app.token}`, { origin: app.origin });
  try {
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    const reply = new Promise<{ ok: boolean; result?: unknown; error?: { message: string } }>((ok) => ws.once('message', (data) => ok(JSON.parse(String(data)))));
    ws.send(JSON.stringify({ id: 1, method, params }));
    const envelope = await reply;
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error?.message}`);
    return envelope.result;
  } finally {
    ws.close();
  }
}

async function createAccount(page: Page, name: string): Promise<string> {
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('accounts-create').click();
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByTestId('mnemonic-word')).toHaveCount(12);
  const words = (await page.getByTestId('mnemonic-word').allTextContents()).map((w) => w.replace(/^\s*\d+[.)]?\s*/, '').trim());
  await page.getByTestId('dialog-submit').click();
  const challenge = page.getByTestId('challenge-input');
  const positions = await challenge.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-position'))));
  for (let i = 0; i < positions.length; i++) await challenge.nth(i).fill(words[positions[i]! - 1]!);
  await page.getByTestId('account-name').fill(name);
  await page.getByTestId('account-password').fill(PASSWORD);
  await page.getByTestId('account-password-confirm').fill(PASSWORD);
  await page.getByTestId('dialog-submit').click();
  const row = page.getByTestId('account-row').filter({ hasText: name });
  await expect(row).toBeVisible({ timeout: 60_000 }); // scrypt on a busy machine
  return (await row.getAttribute('data-address'))!;
}

const step = (page: Page) => page.getByTestId('wizard-current');

async function atStep(page: Page, id: string, timeout = 30_000): Promise<void> {
  await expect(step(page)).toHaveAttribute('data-step', id, { timeout });
}

/** The step as it is, in both themes (the wizard keeps its place while Settings is open). */
async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const id = await step(page).getAttribute('data-step');
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-farm').click();
    await atStep(page, id!);
    await page.screenshot({ path: testInfo.outputPath(`onboarding-${name}-${theme}.png`), fullPage: true });
  }
  await setTheme(page, 'light');
  await page.getByTestId('nav-farm').click();
  await atStep(page, id!);
}

test('onboarding: a new account to a registered simulated node online, then live on a second grid with its boot image', async ({ page }, testInfo) => {
  test.setTimeout(600_000);
  await page.goto(app.url);
  const secondGrid = startSecondGrid(); // starts while the first part runs
  secondGrid.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled

  // Empty state first: no accounts yet, so the account step points to Accounts.
  await page.getByTestId('nav-farm').click();
  await atStep(page, 'network');
  await expect(page.getByTestId('wizard-grid-stopped')).toBeVisible();
  await shoot(page, testInfo, '01-network');

  await page.getByTestId('wizard-start-grid').click();
  await expect(page.getByTestId('wizard-grid-stopped')).toBeHidden({ timeout: 180_000 });
  await page.getByTestId('step-submit').click();
  await atStep(page, 'account');

  const address = await createAccount(page, 'Farm keys');
  await page.getByTestId('nav-farm').click();
  await atStep(page, 'account');
  await expect(page.getByTestId('wizard-account')).toHaveValue(address);
  await shoot(page, testInfo, '02-account');
  await page.getByTestId('wizard-account').focus();
  await page.keyboard.press('Enter'); // Enter advances
  await atStep(page, 'funds');
  await expect(page.locator('#wizard-step-heading')).toBeFocused();
  await expect(page.getByTestId('wizard-balance')).toHaveText('0.00 TFT');
  await shoot(page, testInfo, '03-funds');

  await page.getByTestId('step-submit').click(); // the local faucet
  await atStep(page, 'terms', 60_000);
  await shoot(page, testInfo, '04-terms');
  await page.getByTestId('wizard-terms-agree').check();
  await page.getByTestId('step-submit').click();
  await atStep(page, 'twin', 60_000);
  await shoot(page, testInfo, '05-twin');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-twin-id')).toHaveText(/^\d+$/, { timeout: 60_000 });
  await page.getByTestId('step-submit').click();
  await atStep(page, 'farm');

  // The chain's rules, as you type.
  await page.getByTestId('farm-name').fill('my farm');
  await expect(step(page)).toContainText('no spaces');
  await page.getByTestId('farm-stellar').fill('GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2A');
  await expect(step(page)).toContainText('checksum');
  await expect(page.getByTestId('step-submit')).toBeDisabled();
  await shoot(page, testInfo, '06-farm-invalid');
  await page.getByTestId('farm-name').fill('e2e_local_farm');
  await page.getByTestId('farm-stellar').fill('GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-farm-id')).toHaveText(/^\d+$/, { timeout: 60_000 });
  await expect(page.getByTestId('wizard-farm-name')).toHaveText('e2e_local_farm');
  await shoot(page, testInfo, '07-farm');
  await page.getByTestId('step-submit').click();

  await atStep(page, 'hardware');
  await page.getByTestId('hardware-cru').fill('8');
  await page.getByTestId('hardware-memory').fill('32');
  await page.getByTestId('hardware-disk-size').first().fill('2000');
  await expect(page.getByTestId('preflight-ssd')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('step-submit')).toBeEnabled();
  await shoot(page, testInfo, '08-hardware');
  await page.getByTestId('step-submit').click();

  await atStep(page, 'node');
  await shoot(page, testInfo, '09-node');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-node-id')).toHaveText(/^\d+$/, { timeout: 120_000 });
  await expect(page.getByTestId('node-online')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('node-estimate')).toContainText('TFT a month');
  await shoot(page, testInfo, '10-node-online');
  await page.getByTestId('step-submit').click();
  await atStep(page, 'golive');

  // Go live against the second grid, configured as the dev network.
  const live = await secondGrid;
  await callApi('networks.update', {
    id: 'dev',
    endpoints: {
      substrate: live.substrate,
      relay: live.relay,
      activation: `${live.activation}/activation/activate`,
      ...(live.proxy ? { proxy: live.proxy } : {}),
      ...(live.graphql ? { graphql: live.graphql } : {}),
    },
  });
  await page.getByTestId('golive-network').selectOption('dev');
  await expect(page.getByTestId('golive-substrate')).toHaveText(live.substrate);
  await shoot(page, testInfo, '11-golive');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-network')).toHaveText('Devnet');

  // The same account on dev: it starts with nothing there.
  await atStep(page, 'funds', 60_000);
  await page.getByTestId('step-submit').click(); // dev's activation service
  await atStep(page, 'terms', 60_000);
  await page.getByTestId('wizard-terms-agree').check();
  await page.getByTestId('step-submit').click();
  await atStep(page, 'twin', 60_000);
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-twin-id')).toHaveText(/^\d+$/, { timeout: 60_000 });
  await page.getByTestId('step-submit').click();
  await atStep(page, 'farm');
  await page.getByTestId('farm-name').fill('e2e_dev_farm');
  await page.getByTestId('step-submit').click();
  const farmId = (await page.getByTestId('wizard-farm-id').textContent({ timeout: 60_000 }))!.trim();
  expect(farmId).toMatch(/^\d+$/);
  await page.getByTestId('step-submit').click();

  // The hardware was settled in the rehearsal: straight to the boot image for that farm on dev.
  await atStep(page, 'image');
  await expect(page.getByTestId('image-farm-id')).toHaveText(farmId);
  await expect(page.locator('[data-testid="boot-image-link"]').first()).toBeVisible({ timeout: 30_000 });
  const links = await page.getByTestId('boot-image-link').evaluateAll((els) => els.map((el) => el.getAttribute('href')));
  expect(links).toContain(`https://v3.bootstrap.grid.tf/uefimg/dev/${farmId}`);
  await shoot(page, testInfo, '12-boot-image');

  // Mainnet, played by the same second grid: the farm is already there, so only the payout address is written, and
  // that write asks for a typed confirmation first.
  await callApi('networks.update', { id: 'main', endpoints: { substrate: live.substrate, relay: live.relay } });
  await page.getByTestId('wizard-step-network').click();
  await page.getByTestId('wizard-network-main').check();
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('wizard-network')).toHaveText('Mainnet');
  await atStep(page, 'image', 60_000);
  const mainLinks = page.locator('[data-testid="boot-image-link"][data-kind="efi-img"]');
  await expect(mainLinks).toHaveAttribute('href', `https://v3.bootstrap.grid.tf/uefimg/prod/${farmId}`);
  await page.getByTestId('wizard-step-farm').click();
  await atStep(page, 'farm');
  await page.getByTestId('farm-stellar').fill('GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H');
  await page.getByTestId('farm-save-payout').click();
  const confirm = page.getByTestId('mainnet-confirm');
  await expect(confirm).toBeVisible();
  await page.getByTestId('mainnet-confirm-input').fill('main net');
  await expect(confirm.getByTestId('dialog-submit')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('onboarding-13-mainnet-confirm-light.png'), fullPage: true });
  await page.getByTestId('mainnet-confirm-input').fill('e2e_dev_farm');
  await confirm.getByTestId('dialog-submit').click();
  await expect(confirm).toBeHidden();
  await expect(step(page)).toContainText('GBRPYHIL2CI3FNQ4BXLFMNDLFJUNPU2HY3ZMFSHONUCEOASW7QC7OX2H', { timeout: 60_000 });
});
