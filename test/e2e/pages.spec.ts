// Every page of the app with a local grid running: a screenshot of each in both themes (under the test output), and
// the keyboard checks a user without a mouse needs: each page reached from the sidebar with Tab and Enter, Tab from
// the page's heading reaching its main action, and Escape closing dialogs with focus back where it was.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { setTheme, startWebApp, type RunningApp } from './web-app';

let app: RunningApp;

test.beforeAll(async () => {
  app = await startWebApp({ GRIDBOX_GRID_PORTS: 'free' });
});
test.afterAll(async () => {
  await app?.stop();
});

type Route = 'accounts' | 'grid' | 'farm' | 'contracts' | 'explorer' | 'settings';

interface PageCheck {
  route: Route;
  title: RegExp;
  /** shown once the page has its data (so a screenshot is not of a spinner) */
  ready: (page: Page) => Locator;
  /** what Tab from the heading must reach: the page's main action */
  mainAction: (page: Page) => Locator;
}

const PAGES: PageCheck[] = [
  { route: 'accounts', title: /Accounts/, ready: (p) => p.getByTestId('accounts-count'), mainAction: (p) => p.getByTestId('accounts-create') },
  { route: 'grid', title: /Local grid/, ready: (p) => p.getByTestId('grid-node-status').filter({ hasText: 'Online' }).first(), mainAction: (p) => p.getByTestId('grid-stop') },
  // The farm page is being built; its first control is its main action either way.
  { route: 'farm', title: /Farm/, ready: (p) => p.locator('main h1'), mainAction: (p) => p.locator('main').locator('a[href], button:not([disabled]), input, select').first() },
  { route: 'contracts', title: /Contracts/, ready: (p) => p.locator('[data-testid="contracts-empty"], [data-testid="contracts-table"]').first(), mainAction: (p) => p.getByTestId('contracts-name') },
  { route: 'explorer', title: /Explorer/, ready: (p) => p.getByTestId('explorer-block').first(), mainAction: (p) => p.getByTestId('explorer-search') },
  { route: 'settings', title: /Settings/, ready: (p) => p.getByTestId('settings-networks'), mainAction: (p) => p.getByTestId('network-test-edit') },
];

/** Presses Tab until `target` has focus; fails after `max` presses, naming where focus went. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<number> {
  const handle = await target.elementHandle();
  expect(handle, 'the element to reach exists').not.toBeNull();
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await handle!.evaluate((el) => el.matches(':focus'))) return presses;
  }
  const focused = await page.locator(':focus').evaluate((el) => el.outerHTML.slice(0, 120)).catch(() => 'nothing');
  throw new Error(`Tab did not reach the element in ${max} presses; focus is on ${focused}`);
}

async function startGrid(page: Page): Promise<void> {
  await page.getByTestId('nav-grid').click();
  await page.getByTestId('grid-nodes-count').fill('1');
  await page.getByTestId('grid-start').click();
  await expect(page.getByTestId('grid-state')).toHaveAttribute('data-state', 'running', { timeout: 240_000 });
}

test('every page, in both themes, with a grid running; every page usable by keyboard', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  await page.goto(app.url);
  await startGrid(page);

  // Screenshots: each page in each theme.
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    for (const p of PAGES) {
      await page.getByTestId(`nav-${p.route}`).click();
      await expect(p.ready(page)).toBeVisible({ timeout: 60_000 });
      await page.screenshot({ path: testInfo.outputPath(`page-${p.route}-${theme}.png`), fullPage: true });
    }
  }

  // Keyboard: from the top of the document, Tab reaches each page's sidebar link; Enter opens the page and puts focus
  // on its heading; Tab from there reaches the main action.
  for (const p of PAGES) {
    // A fresh load puts focus at the top of the document, where a keyboard user starts.
    await page.reload();
    const link = page.getByTestId(`nav-${p.route}`);
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await expect(link).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main h1')).toHaveText(p.title);
    await expect(page.locator('main h1')).toBeFocused();
    await expect(p.ready(page)).toBeVisible({ timeout: 30_000 });
    const presses = await tabTo(page, p.mainAction(page));
    testInfo.annotations.push({ type: 'tab presses to main action', description: `${p.route}: ${presses}` });
    await expect(p.mainAction(page)).toBeFocused();
  }

  // Escape closes a dialog and gives focus back to the button that opened it.
  await page.getByTestId('nav-accounts').click();
  for (const opener of ['accounts-create', 'accounts-import']) {
    const button = page.getByTestId(opener);
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('dialog[open]');
    await expect(dialog).toBeVisible();
    // Focus moved into the dialog, so typing goes there.
    await expect(dialog.locator(':focus')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(page.locator('dialog[open]')).toHaveCount(0);
    await expect(button).toBeFocused();
  }
});
