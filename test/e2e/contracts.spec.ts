import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { expect, test } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

// Bob, not Alice: the local activation service funds new accounts from Alice with a nonce it keeps itself, so
// this test does not sign as that account too.
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  await app?.stop();
});

test('a name contract and a test VM created and cancelled from the Contracts page, with cost and bills; the Explorer shows their extrinsics and events', async ({ page }, testInfo) => {
  test.setTimeout(480_000);
  await page.goto(app.url);
  await page.getByTestId('nav-contracts').click();
  await expect(page.getByTestId('contracts-no-grid')).toBeVisible();

  await page.getByTestId('nav-grid').click();
  await page.getByTestId('grid-nodes-count').fill('1');
  await page.getByTestId('grid-start').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 180_000 });

  await page.getByTestId('nav-contracts').click();
  await page.getByTestId('contracts-account').selectOption(BOB);
  await page.getByTestId('contracts-create-twin').click();
  await expect(page.getByTestId('contracts-twin')).toHaveText(/^\d+$/, { timeout: 90_000 });

  await page.getByTestId('contracts-name').fill('e2e-gateway');
  await page.getByTestId('contracts-create-name').click();
  const row = page.locator('[data-testid="contract-row"][data-type="name"]');
  // Transactions wait for their block: generous timeouts for a machine under load.
  const TX = { timeout: 90_000 };
  await expect(row).toContainText('e2e-gateway', TX);
  await expect(row).toContainText('Active');
  // The chain's own rule, in words: the same name twice is refused.
  await page.getByTestId('contracts-name').fill('e2e-gateway');
  await page.getByTestId('contracts-create-name').click();
  await expect(page.getByRole('alert')).toContainText('NameExists', TX);
  // Its cost per hour as the chain bills it: unique_name 2,500 units-USD = 0.025 TFT at the local 10 mUSD.
  await expect(row.getByTestId('contract-cost')).toContainText('0.025 TFT');

  // A test deployment: a VM on the local grid's node, over RMB, with its IP and console; then cancelled.
  await expect(page.getByTestId('testvm-node')).toContainText('online');
  await page.getByTestId('testvm-deploy').click();
  const result = page.getByTestId('testvm-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('testvm-ip')).toHaveText('10.20.2.2');
  await expect(page.getByTestId('testvm-console')).toHaveText(/^10\.20\.2\.1:\d+$/);
  const vmRow = page.locator(`[data-testid="contract-row"][data-contract="${await result.getAttribute('data-contract')}"]`);
  await expect(vmRow).toHaveAttribute('data-type', 'node');
  await expect(vmRow.getByTestId('contract-cost')).toContainText('0.525 TFT', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('contracts-test-vm.png'), fullPage: true });
  await page.getByTestId('testvm-cancel').click();
  await expect(result).toBeHidden(TX);
  await expect(vmRow).toHaveCount(0);

  // The name's bills, newest first (the chain bills every minute on the local grid: none yet, or a few).
  await row.getByTestId('contract-history-toggle').click();
  await expect(page.getByTestId('contract-history')).toBeVisible();
  await expect(page.getByTestId('contract-history').getByText(/No bills yet|newest first/)).toBeVisible();

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-contracts').click();
    await page.getByTestId('contracts-account').selectOption(BOB);
    await expect(row).toBeVisible();
    await row.getByTestId('contract-history-toggle').click();
    await expect(page.getByTestId('contract-history')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`contracts-${theme}.png`), fullPage: true });
  }

  await row.getByTestId('contract-cancel').click();
  await expect(page.getByTestId('contracts-empty')).toBeVisible(TX);

  // The Explorer, filtered to this account's smart-contract events; opening an event shows its block's extrinsics.
  const filtered = async () => {
    await page.getByTestId('nav-explorer').click();
    await page.getByTestId('explorer-filter-account').fill(BOB);
    await page.getByTestId('explorer-filter-section').selectOption('smartContractModule');
  };
  const extrinsic = (call: string) => page.locator(`[data-testid="explorer-extrinsic"][data-call="smartContractModule.${call}"]`).first();
  await filtered();
  const canceled = page.locator('[data-event="smartContractModule.NameContractCanceled"]');
  await expect(canceled.first()).toBeVisible();
  await expect(page.locator('[data-event="smartContractModule.NodeContractCanceled"]').first()).toBeVisible();
  await canceled.first().getByRole('button').click();
  await expect(extrinsic('cancelContract')).toBeVisible();
  // Both creations with their extrinsics: the name contract's and the test VM's node contract's.
  const created = page.locator('[data-event="smartContractModule.ContractCreated"]');
  const calls = new Set<string>();
  for (const i of [0, 1]) {
    await filtered();
    await expect(created).toHaveCount(2);
    await created.nth(i).getByRole('button').click();
    const extrinsics = page.locator('[data-testid="explorer-extrinsic"][data-call^="smartContractModule.create"]');
    await expect(extrinsics.first()).toBeVisible();
    for (const call of await extrinsics.evaluateAll((els) => els.map((e) => e.getAttribute('data-call') ?? ''))) calls.add(call);
  }
  expect([...calls].sort()).toEqual(['smartContractModule.createNameContract', 'smartContractModule.createNodeContract']);

  // Grace period: Bob spends everything, an hour of chain time later the chain has his new name contract in grace,
  // and the page says how long it has before deletion (14 days less what passed since).
  const endpoint = (await page.locator('code').filter({ hasText: /^ws:\/\// }).first().textContent())!;
  await page.getByTestId('nav-contracts').click();
  await page.getByTestId('contracts-account').selectOption(BOB);
  await page.getByTestId('contracts-name').fill('e2e-grace');
  await page.getByTestId('contracts-create-name').click();
  const graceRow = page.locator('[data-testid="contract-row"][data-type="name"]').filter({ hasText: 'e2e-grace' });
  await expect(graceRow).toHaveAttribute('data-state', 'created', TX);
  await spendAllAndJumpAnHour(endpoint);
  await expect(graceRow).toHaveAttribute('data-state', 'gracePeriod', { timeout: 30_000 });
  await expect(graceRow.getByTestId('contract-grace')).toContainText(/^13 d 2\d h left: fund the account/);
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-contracts').click();
    await page.getByTestId('contracts-account').selectOption(BOB);
    await expect(graceRow.getByTestId('contract-grace')).toBeVisible();
    await graceRow.getByTestId('contract-history-toggle').click();
    // Nothing could be paid: overdrafts, not bills.
    await expect(page.getByTestId('contract-history-empty')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`contracts-grace-${theme}.png`), fullPage: true });
  }
});

/** Bob sends all he has to Charlie, then the chain jumps an hour (60 billing cycles) ahead. */
async function spendAllAndJumpAnHour(endpoint: string): Promise<void> {
  // gridbox_timeJump answers when the last block is out: longer than polkadot-js's 60 s default.
  const provider = new WsProvider(endpoint, 1000, {}, 300_000);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  try {
    const keyring = new Keyring({ type: 'sr25519' });
    const bob = keyring.addFromUri('//Bob');
    const charlie = keyring.addFromUri('//Charlie').address;
    await new Promise<void>((resolve, reject) => {
      void api.tx.balances!.transferAll!(charlie, false)
        .signAndSend(bob, (r) => {
          if (r.dispatchError) reject(new Error(r.dispatchError.toString()));
          else if (r.status.isInBlock || r.status.isFinalized) resolve();
        })
        .catch(reject);
    });
    await provider.send('gridbox_timeJump', [3600]);
  } finally {
    await api.disconnect();
  }
}
