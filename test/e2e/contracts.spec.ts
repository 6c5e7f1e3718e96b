import { expect, test } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  await app?.stop();
});

test('a name contract created and cancelled from the Contracts page; the Explorer shows its extrinsics and events', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(app.url);
  await page.getByTestId('nav-contracts').click();
  await expect(page.getByTestId('contracts-no-grid')).toBeVisible();

  await page.getByTestId('nav-grid').click();
  await page.getByTestId('grid-nodes-count').fill('0');
  await page.getByTestId('grid-start').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 180_000 });

  await page.getByTestId('nav-contracts').click();
  await page.getByTestId('contracts-account').selectOption(ALICE);
  await page.getByTestId('contracts-create-twin').click();
  await expect(page.getByTestId('contracts-twin')).toHaveText(/^\d+$/, { timeout: 60_000 });

  await page.getByTestId('contracts-name').fill('e2e-gateway');
  await page.getByTestId('contracts-create-name').click();
  const row = page.locator('[data-testid="contract-row"][data-type="name"]');
  await expect(row).toContainText('e2e-gateway');
  await expect(row).toContainText('Active');
  // The chain's own rule, in words: the same name twice is refused.
  await page.getByTestId('contracts-name').fill('e2e-gateway');
  await page.getByTestId('contracts-create-name').click();
  await expect(page.getByRole('alert')).toContainText('NameExists');

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-contracts').click();
    await page.getByTestId('contracts-account').selectOption(ALICE);
    await expect(row).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`contracts-${theme}.png`), fullPage: true });
  }

  await row.getByTestId('contract-cancel').click();
  await expect(page.getByTestId('contracts-empty')).toBeVisible();

  await page.getByTestId('nav-explorer').click();
  await page.getByTestId('explorer-filter-account').fill(ALICE);
  await page.getByTestId('explorer-filter-section').selectOption('smartContractModule');
  await expect(page.locator('[data-event="smartContractModule.ContractCreated"]').first()).toBeVisible();
  const canceled = page.locator('[data-event="smartContractModule.NameContractCanceled"]');
  await expect(canceled.first()).toBeVisible();
  await canceled.first().getByRole('button').click();
  await expect(page.locator('[data-testid="explorer-extrinsic"][data-call="smartContractModule.cancelContract"]')).toBeVisible();
});
