import { expect, test } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

let app: RunningApp;

test.beforeAll(async () => {
  // Free ports: the e2e run must not depend on 9944 being free on the machine.
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  // Stopping the web app stops the grid it started (the backend takes it down on SIGTERM).
  await app?.stop();
});

test('start a local grid from the dashboard, pause a node so it shows as not reporting, resume it, stop the grid', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(app.url);
  await page.getByTestId('nav-grid').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'stopped');

  await page.getByTestId('grid-nodes-count').fill('2');
  await page.getByTestId('grid-start').click();
  // Progress is shown while it starts, then the nodes appear online.
  await expect(page.getByTestId('grid-progress')).toBeVisible();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 180_000 });
  const rows = page.getByTestId('grid-node');
  await expect(rows).toHaveCount(2);
  const node1 = page.locator('[data-testid="grid-node"][data-node="node1"]');
  await expect(node1.getByTestId('grid-node-status')).toHaveText('Online');
  await expect(node1.getByTestId('grid-node-id')).toHaveText('1');
  await expect(page.getByTestId('grid-endpoint-substrate')).toHaveText(/^ws:\/\/127\.0\.0\.1:\d+$/);

  await node1.getByTestId('grid-node-pause-uptime').click();
  await expect(node1.getByTestId('grid-node-status')).toHaveText('Not reporting');
  // The other node is untouched.
  await expect(page.locator('[data-testid="grid-node"][data-node="node2"]').getByTestId('grid-node-status')).toHaveText('Online');

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.getByTestId('nav-grid').click();
    await expect(node1.getByTestId('grid-node-status')).toHaveText('Not reporting');
    await page.screenshot({ path: testInfo.outputPath(`grid-${theme}.png`), fullPage: true });
  }

  await node1.getByTestId('grid-node-resume-uptime').click();
  await expect(node1.getByTestId('grid-node-status')).toHaveText('Online');

  await page.getByTestId('grid-stop').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  await expect(rows).toHaveCount(0);
});
