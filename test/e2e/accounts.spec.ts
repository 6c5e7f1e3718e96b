import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import WebSocket from 'ws';
import { setTheme, startWebApp, type RunningApp } from './web-app';

const PASSWORD = 'correct horse battery';
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp();
});
test.afterAll(async () => {
  await app?.stop();
});

test('the web fallback refuses every request and WebSocket without the session token', async ({ request }) => {
  const bare = await request.get(`${app.origin}/`, { maxRedirects: 0 });
  expect(bare.status()).toBe(401);
  const wrong = await request.get(`${app.origin}/?token=not-the-token`, { maxRedirects: 0 });
  expect(wrong.status()).toBe(401);
  const asset = await request.get(`${app.origin}/index.html`, { maxRedirects: 0 });
  expect(asset.status()).toBe(401);

  const wsStatus = (url: string, origin?: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url, origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
  const wsUrl = `${app.origin.replace('http', 'ws')}/api`;
  expect(await wsStatus(wsUrl, app.origin)).toBe(401);
  expect(await wsStatus(`${wsUrl}?token=${app.token}`, 'http://evil.example')).toBe(401);
  expect(await wsStatus(`${wsUrl}?token=${app.token}`, app.origin)).toBe(101);

  const good = await request.get(app.url, { maxRedirects: 0 });
  expect(good.status()).toBe(303);
  expect(good.headers()['set-cookie']).toContain('HttpOnly');
});

test('create, confirm, lock, unlock and export an account; the export decrypts with @polkadot/keyring', async ({ page }, testInfo) => {
  await page.goto(app.url);
  await expect(page.getByTestId('nav-accounts')).toBeVisible();
  await page.getByTestId('nav-accounts').click();

  // Create: the mnemonic is shown once, then the challenged words must be typed back.
  await page.getByTestId('accounts-create').click();
  await page.getByTestId('dialog-submit').click(); // 12 words, sr25519 by default
  await expect(page.getByTestId('mnemonic-word')).toHaveCount(12);
  const words = await page.getByTestId('mnemonic-word').allTextContents();
  expect(words).toHaveLength(12);
  const cleanWords = words.map((w) => w.replace(/^\s*\d+[.)]?\s*/, '').trim());
  await page.getByTestId('dialog-submit').click();

  const challenge = page.getByTestId('challenge-input');
  const positions = await challenge.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-position'))));
  expect(positions.length).toBeGreaterThan(0);
  // A wrong word is refused and nothing is saved.
  await challenge.nth(0).fill('wrongword');
  for (let i = 1; i < positions.length; i++) await challenge.nth(i).fill(cleanWords[positions[i]! - 1]!);
  await page.getByTestId('account-name').fill('Farm keys');
  await page.getByTestId('account-password').fill(PASSWORD);
  await page.getByTestId('account-password-confirm').fill(PASSWORD);
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page.getByTestId('account-row').filter({ hasText: 'Farm keys' })).toHaveCount(0);

  await challenge.nth(0).fill(cleanWords[positions[0]! - 1]!);
  await page.getByTestId('dialog-submit').click();

  const row = page.getByTestId('account-row').filter({ hasText: 'Farm keys' });
  await expect(row).toBeVisible();
  const address = await row.getAttribute('data-address');
  expect(address).toMatch(/^5[1-9A-HJ-NP-Za-km-z]{47}$/);
  await expect(row.getByTestId('account-state')).toHaveText(/Unlocked/);

  // Lock, then a wrong password is refused, then the right one unlocks.
  await row.getByTestId('account-lock').click();
  await expect(row.getByTestId('account-state')).toHaveText(/Locked/);
  await row.getByTestId('account-unlock').click();
  await page.getByTestId('account-password').fill('not the password');
  await page.getByTestId('dialog-submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await page.getByTestId('account-password').fill(PASSWORD);
  await page.getByTestId('dialog-submit').click();
  await expect(row.getByTestId('account-state')).toHaveText(/Unlocked/);

  // Export: the downloaded file is a polkadot-js keystore for the same address.
  await row.getByTestId('account-export').click();
  await page.getByTestId('account-password').fill(PASSWORD);
  const downloadPromise = page.waitForEvent('download');
  await page.getByTestId('dialog-submit').click();
  const download = await downloadPromise;
  const saved = testInfo.outputPath('exported-keystore.json');
  await download.saveAs(saved);
  const json = JSON.parse(await readFile(saved, 'utf8'));
  await cryptoWaitReady();
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).createFromJson(json);
  pair.decodePkcs8(PASSWORD);
  expect(pair.address).toBe(address);
  expect(pair.isLocked).toBe(false);

  // Screenshots of the Accounts page in both themes, kept as test output.
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-accounts').click();
    await expect(row).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`accounts-${theme}.png`), fullPage: true });
  }
});

