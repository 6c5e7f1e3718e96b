import { expect, test } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  await app?.stop();
});

test('the explorer follows the local grid: blocks, the farmer set-up extrinsics with their events, filters and search', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(app.url);
  await page.getByTestId('nav-explorer').click();
  await expect(page.getByTestId('explorer-empty')).toBeVisible();

  await page.getByTestId('nav-grid').click();
  await page.getByTestId('grid-nodes-count').fill('1');
  await page.getByTestId('grid-start').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 180_000 });

  await page.getByTestId('nav-explorer').click();
  await expect(page.getByTestId('explorer-connection')).toHaveText('Live');
  await expect(page.getByTestId('explorer-block').first()).toBeVisible();

  // The farm the grid's farmer created: filter by pallet, then open the block from the event.
  await page.getByTestId('explorer-filter-section').selectOption('tfgridModule');
  const farmStored = page.locator('[data-testid="explorer-event"][data-event="tfgridModule.FarmStored"]');
  await expect(farmStored.first()).toBeVisible();
  await farmStored.first().getByRole('button').click();
  await expect(page.locator('[data-testid="explorer-extrinsic"][data-call="tfgridModule.createFarm"]')).toBeVisible();
  const extrinsic = page.locator('[data-testid="explorer-extrinsic"][data-call="tfgridModule.createFarm"]');
  await expect(extrinsic.locator('[data-event="tfgridModule.FarmStored"]')).toBeVisible();
  await expect(extrinsic.locator('[data-event="system.ExtrinsicSuccess"]')).toBeVisible();

  // Search: an entity on chain, then a block number.
  await page.getByTestId('explorer-search').fill('farm 1');
  await page.getByTestId('explorer-search').press('Enter');
  await expect(page.getByTestId('explorer-hit')).toContainText('gridbox-farm');
  await page.getByTestId('explorer-search').fill('1');
  await page.getByTestId('explorer-search').press('Enter');
  await expect(page.getByTestId('explorer-detail')).toHaveAttribute('data-block', '1');

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-explorer').click();
    await expect(page.getByTestId('explorer-block').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`explorer-${theme}.png`), fullPage: true });
  }
});
