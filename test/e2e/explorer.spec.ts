import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
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

test('the renderer stays responsive while the chain makes 100 blocks a second', async ({ page }) => {
  test.setTimeout(240_000);
  await page.addInitScript(() => {
    const w = globalThis as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' as never, buffered: true });
  });
  await page.goto(app.url);
  await page.getByTestId('nav-grid').click();
  // The grid from the previous test may still be running in this app; start one if not.
  const state = await page.getByTestId('grid-state').getAttribute('data-state');
  if (state !== 'running') {
    await page.getByTestId('grid-nodes-count').fill('0');
    await page.getByTestId('grid-start').click();
    await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 180_000 });
  }
  const endpoint = (await page.getByTestId('grid-endpoint-substrate').textContent())!.trim();
  await page.getByTestId('nav-explorer').click();
  await expect(page.getByTestId('explorer-connection')).toHaveText('Live');
  const headBefore = Number((await page.getByTestId('explorer-head').textContent())!.replace('#', ''));
  // The measurement itself works: a 250 ms busy loop in the page is seen as a long task.
  await page.evaluate(() => {
    const end = performance.now() + 250;
    while (performance.now() < end) {
      // busy
    }
  });
  await expect.poll(() => page.evaluate(() => Math.max(0, ...(globalThis as unknown as { longTasks: number[] }).longTasks))).toBeGreaterThanOrEqual(200);
  // Only long tasks from here on count: start-up and page loads are not what this measures.
  await page.evaluate(() => ((globalThis as unknown as { longTasks: number[] }).longTasks = []));

  // 5 seconds of 10 blocks every 100 ms over the chain's own dev RPC (bounded: 50 rounds).
  const socket = new WebSocket(endpoint);
  await new Promise((ok, fail) => socket.once('open', ok).once('error', fail));
  let id = 0;
  const newBlocks = () => new Promise<void>((ok) => {
    const mine = ++id;
    const onMessage = (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { id?: number }).id === mine) {
        socket.off('message', onMessage);
        ok();
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: mine, method: 'dev_newBlock', params: [{ count: 10 }] }));
  });
  const started = Date.now();
  for (let round = 0; round < 50; round++) {
    const next = started + (round + 1) * 100;
    await newBlocks();
    await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
  }
  socket.close();

  await expect.poll(async () => Number((await page.getByTestId('explorer-head').textContent())!.replace('#', '')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(headBefore + 500);
  await expect(page.getByTestId('explorer-block').first()).toBeVisible();
  const longTasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks);
  console.log(`long tasks while 500 blocks arrived: ${longTasks.length}, longest ${Math.round(Math.max(0, ...longTasks))} ms`);
  expect(Math.max(0, ...longTasks)).toBeLessThan(200);
});
