/// <reference lib="dom" />
// The dashboard in Debian's Chromium against a platform started as `npm start` starts it: log in, equity
// and a fill live, a manual order placed and cancelled, trading halted and resumed, a backtest submitted
// and opened, a viewer refused the halt; a screenshot of every page (test-artifacts/dashboard).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPassword,
  artifactsDirectory,
  type DashboardPlatform,
  launchChromium,
  logInAt,
  openRoute,
  screenshotOf,
  startDashboardPlatform,
} from './support/dashboard-platform.js';

const yaml = `status_interval_seconds: 0
market:
  speed: 120
strategies:
  - id: fast-cross
    kind: sma-cross
    symbols: [AAPL, MSFT, JPM]
    parameters: { fast: 3, slow: 8 }
`;

let platform: DashboardPlatform;
let browser: Browser;
let page: Page;

const screenshot = (name: string, target: Page = page) => screenshotOf(target, name);

const open = (route: string, heading: string, target: Page = page) =>
  openRoute(target, platform.url, route, heading);

const logIn = (target: Page, username: string, password: string) =>
  logInAt(target, platform.url, username, password);

beforeAll(async () => {
  mkdirSync(artifactsDirectory, { recursive: true });
  platform = await startDashboardPlatform(yaml);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('the dashboard in a browser', () => {
  it('prints its address at start and serves the built bundle at it', async () => {
    expect(platform.output.some((line) => line.includes(`dashboard ${platform.url}`))).toBe(true);
    const answer = await fetch(platform.url);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<div id="app">');
  });

  it('logs in and shows the equity, then a live fill and the equity moving', {
    timeout: 180_000,
  }, async () => {
    await logIn(page, 'admin', adminPassword);
    expect(await page.getByTestId('user').textContent()).toContain('admin');
    await page.waitForFunction(() =>
      /\$/.test(document.querySelector('[data-testid=equity]')?.textContent ?? ''),
    );
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor();
    const before = await page.getByTestId('equity').textContent();

    // A market order from the order form: its fill arrives over the live stream.
    await open('trading', 'Positions and orders');
    await page.getByLabel('Type').selectOption('MARKET');
    await page.getByLabel('Quantity').fill('5');
    await page.getByTestId('review-order').click();
    await page.getByTestId('send-order').click();
    await page.getByTestId('fill-row').filter({ hasText: 'AAPL' }).first().waitFor({ timeout: 60_000 });

    await open('overview', 'Overview');
    await page.getByTestId('fill-row').first().waitFor();
    await page.waitForFunction(
      (previous) => (document.querySelector('[data-testid=equity]')?.textContent ?? previous) !== previous,
      before,
      { timeout: 90_000 },
    );
    await screenshot('overview');
  });

  it('places a limit order and cancels it, each after a confirmation', { timeout: 120_000 }, async () => {
    const [quote] = await platform.api<{ last: string }[]>('/api/data-collector/quotes?symbol=XOM&limit=1');
    // XOM: no strategy trades it here, so the risk limits see only this order. 3% under the market:
    // inside the price collar, far enough not to fill during the test.
    const limit = (Number(quote?.last) * 0.97).toFixed(2);
    await open('trading', 'Positions and orders');
    await page.getByLabel('Symbol', { exact: true }).first().fill('XOM');
    await page.getByLabel('Type').selectOption('LIMIT');
    await page.getByLabel('Quantity').fill('3');
    await page.getByLabel('Limit price').fill(limit);
    await page.getByTestId('review-order').click();
    await page.getByRole('dialog', { name: 'Confirm order' }).getByText(`limit ${limit}`).waitFor();
    await page.getByTestId('send-order').click();
    // The answer names the order (or the refusal, which fails here with its reason).
    const notice = page.locator('.notice, dialog .error').first();
    await notice.waitFor({ timeout: 30_000 });
    const text = (await notice.textContent()) ?? '';
    const orderId = /Order ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(orderId, text).toBeDefined();
    const row = page.locator(`[data-order-id="${orderId}"]`);
    await page.waitForFunction(
      (id) =>
        /^(ACCEPTED|SUBMITTED)$/.test(
          document.querySelector(`[data-order-id="${id}"]`)?.getAttribute('data-status') ?? '',
        ),
      orderId,
      { timeout: 30_000 },
    );
    await screenshot('positions-and-orders');

    await row.getByTestId('cancel-order').click();
    await row.getByTestId('cancel-order-confirm').click();
    await page.locator(`[data-order-id="${orderId}"][data-status=CANCELED]`).waitFor({ timeout: 30_000 });
    const orders = await platform.api<{ symbol: string; status: string; origin: string }[]>(
      '/api/trade-executor/orders?symbol=XOM&limit=10',
    );
    expect(orders.some((order) => order.origin === 'manual' && order.status === 'CANCELED')).toBe(true);
  });

  it('halts and resumes trading from the Risk page', async () => {
    await open('risk', 'Risk');
    await page.getByTestId('trading-state').filter({ hasText: 'running' }).waitFor();
    // Protective stops are off in this configuration, and the continuity panel says so.
    await page.getByTestId('protective-stops-off').waitFor({ timeout: 60_000 });
    await page.getByTestId('halt').click();
    await page.getByTestId('halt-confirm').click();
    await page.getByTestId('trading-state').filter({ hasText: 'HALTED' }).waitFor();
    expect((await platform.api<{ halted: boolean }>('/api/risk-manager/kill-switch')).halted).toBe(true);
    await screenshot('risk-halted');
    await page.getByTestId('resume').click();
    await page.getByTestId('resume-confirm').click();
    await page.getByTestId('trading-state').filter({ hasText: 'running' }).waitFor();
    expect((await platform.api<{ halted: boolean }>('/api/risk-manager/kill-switch')).halted).toBe(false);
    await screenshot('risk');
  });

  it('submits a backtest, follows it to the end and opens its result', { timeout: 180_000 }, async () => {
    await open('backtests', 'Backtests');
    await page.getByLabel('From').fill('2013-01-01');
    await page.getByLabel('To', { exact: true }).fill('2014-12-31');
    await page.getByTestId('submit-backtest').click();
    const finished = page.locator('[data-testid=run-row][data-status=succeeded]').first();
    await finished.waitFor({ timeout: 120_000 });
    await finished.getByTestId('open-result').click();
    const result = page.getByTestId('backtest-result');
    await result.getByTestId('final-equity').waitFor({ timeout: 30_000 });
    expect(await result.getByTestId('final-equity').textContent()).toMatch(
      /Final equity \$[0-9,]+\.[0-9]{2}/,
    );
    // The equity chart has dates on its time axis and hover values.
    const chart = result.getByTestId('backtest-equity').locator('svg');
    expect(await chart.getAttribute('aria-label')).toContain('log scale');
    await chart.hover();
    expect(await chart.locator('tspan').first().textContent()).toMatch(/^20[0-9]{2}-[0-9]{2}-[0-9]{2}$/);
    await screenshot('backtests');
  });

  it('shows every other page, and the overview at phone width', { timeout: 120_000 }, async () => {
    for (const [route, heading] of [
      ['strategies', 'Strategies'],
      ['market', 'Market data'],
      ['scheduler', 'Scheduler'],
      ['system', 'System'],
    ] as const) {
      await open(route, heading);
      // A moment for the panels' first answers; a panel still loading is what the screenshot shows.
      await page
        .locator('.loading')
        .first()
        .waitFor({ state: 'detached', timeout: 5_000 })
        .catch(() => undefined);
      if (route === 'market') await page.locator('.candles canvas').first().waitFor({ timeout: 30_000 });
      await screenshot(route);
    }
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(phone, 'admin', adminPassword);
    await phone.waitForFunction(() =>
      /\$/.test(document.querySelector('[data-testid=equity]')?.textContent ?? ''),
    );
    // The widest thing the overview shows is the seven-column fills feed: wait for a fill on this page.
    await phone.getByTestId('fill-row').first().waitFor({ timeout: 60_000 });
    // Nothing wider than the phone's screen: the layout folds into one column and a wide table scrolls
    // inside its panel. On failure, the elements past the right edge are named.
    const overflow = await phone.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      pastTheEdge: Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > 390)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    }));
    expect(overflow.scrollWidth, overflow.pastTheEdge.join(', ')).toBeLessThanOrEqual(390);
    await screenshot('overview-phone', phone);
    await phone.close();
  });

  it('shows the page of the current route when the module of an earlier page arrives after it', {
    timeout: 120_000,
  }, async () => {
    // A login lands on the overview and the user goes straight to Risk: the overview's module, held
    // back here, arrives after the Risk page's and must not take its place.
    const racer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let releaseOverview: () => void = () => undefined;
    const overviewHeld = new Promise<void>((resolve) => {
      releaseOverview = resolve;
    });
    await racer.route(/assets\/overview-page-[^/]*\.js$/, async (route) => {
      await overviewHeld;
      await route.continue();
    });
    await logIn(racer, 'admin', adminPassword);
    await racer.goto(`${platform.url}#/risk`);
    await racer.getByTestId('trading-state').waitFor({ timeout: 60_000 });
    releaseOverview();
    await racer
      .waitForResponse(/assets\/overview-page-[^/]*\.js$/, { timeout: 30_000 })
      .catch(() => undefined);
    // The overview's late module changes nothing: the Risk page stays.
    await racer.waitForTimeout(500);
    expect(await racer.getByTestId('trading-state').isVisible()).toBe(true);
    expect(await racer.getByRole('heading', { level: 1 }).textContent()).toBe('Risk');
    await racer.close();
  });

  it('gives a viewer a disabled halt button, and the API refuses the viewer a halt', {
    timeout: 180_000,
  }, async () => {
    const password = 'viewer-password-long-enough-123';
    await platform.api('/api/security/users', 'POST', { username: 'watcher', password, role: 'viewer' });
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(viewer, 'watcher', password);
    await open('risk', 'Risk', viewer);
    const halt = viewer.getByTestId('halt');
    // The Risk page waits for its kill-switch state; under the full suite's load that took over 30 s once.
    // Should it never come, the failure says what the panel showed instead (loading, an error, resume).
    await halt.waitFor({ timeout: 90_000 }).catch(async (failure: Error) => {
      const shown = await viewer.getByRole('region', { name: 'Kill switch' }).textContent();
      throw new Error(`${failure.message}\nthe Kill switch panel showed: ${shown}`);
    });
    expect(await halt.isDisabled()).toBe(true);
    expect(await halt.getAttribute('title')).toContain('viewer');
    // Around the page: the viewer's own token on the halt route is refused by the server.
    const status = await viewer.evaluate(async () => {
      const tokens = JSON.parse(sessionStorage.getItem('ats.session') ?? '{}') as { accessToken?: string };
      const answer = await fetch('api/risk-manager/halt', {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
      return answer.status;
    });
    expect(status).toBe(403);
    expect((await platform.api<{ halted: boolean }>('/api/risk-manager/kill-switch')).halted).toBe(false);
    await screenshot('risk-viewer', viewer);
    await viewer.close();
  });
});
