/// <reference lib="dom" />
// Business continuity from the dashboard in Debian's Chromium against `ats start` with protective stops
// on: manual override entered from the Risk page (a strategy's signal is then refused with
// RISK_MANUAL_OVERRIDE while a manual order from the order form fills, and its protective stop shows),
// an emergency liquidation that shows the risk-ranked plan before it is confirmed and leaves every
// position flat, manual override left (strategies are assessed on their merits again), and a viewer
// finding the controls disabled with the reason while the API refuses the viewer's token.
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

// The strategy trades MSFT and JPM and signals often; the operator trades AAPL. Protective stops 20%
// away (the simulated market does not reach them during the test), checked every second. Price and
// approval ages are generous: under a loaded machine a fast simulated clock would otherwise age quotes.
const yaml = `status_interval_seconds: 0
market:
  speed: 300
security:
  rate_limit:
    per_ip_per_minute: 0
    per_credential_per_minute: 0
risk_limits:
  max_price_age: 4h
execution:
  max_approval_age: 4h
  protective_stops: { enabled: true, distance_basis_points: 2000, check_interval: 1s }
strategies:
  - id: busy-cross
    kind: sma-cross
    symbols: [MSFT, JPM]
    parameters: { fast: 2, slow: 5 }
`;

interface Assessment {
  type: 'SignalApproved' | 'SignalRejected';
  assessmentId: string;
  strategyId: string;
  reasonCode?: string;
}
interface OverrideState {
  on: boolean;
  reason: string | null;
}
interface PortfolioPosition {
  symbol: string;
  netQuantity: number;
}

let platform: DashboardPlatform;
let browser: Browser;
let page: Page;

const screenshot = (name: string, target: Page = page) => screenshotOf(target, name);

const open = (route: string, heading: string, target: Page = page) =>
  openRoute(target, platform.url, route, heading);

const logIn = (target: Page, username: string, password: string) =>
  logInAt(target, platform.url, username, password);

async function until(probe: () => Promise<boolean>, timeoutMilliseconds: number, what: string) {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMilliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The newest stored risk assessments (newest first). */
const assessments = () => platform.api<Assessment[]>('/api/risk-manager/assessments?limit=500');

/** Waits for an assessment of the strategy, made after `before` was read, that `matches`. */
async function newAssessment(before: Set<string>, matches: (row: Assessment) => boolean, what: string) {
  await until(
    async () =>
      (await assessments()).some(
        (row) => row.strategyId === 'busy-cross' && !before.has(row.assessmentId) && matches(row),
      ),
    150_000,
    what,
  );
}

const openPositions = async () =>
  (await platform.api<{ positions: PortfolioPosition[] }>('/api/trade-executor/portfolio')).positions.filter(
    (position) => position.netQuantity !== 0,
  );

beforeAll(async () => {
  mkdirSync(artifactsDirectory, { recursive: true });
  platform = await startDashboardPlatform(yaml);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, 'admin', adminPassword);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('business continuity from the dashboard', () => {
  it('enters manual override from the Risk page: a strategy signal is refused with RISK_MANUAL_OVERRIDE and a manual order from the order form fills', {
    timeout: 300_000,
  }, async () => {
    await open('risk', 'Risk');
    const state = page.getByTestId('override-state');
    await page.locator('[data-testid=override-state][data-on=false]').waitFor({ timeout: 90_000 });
    await page.getByTestId('override-enter').click();
    // No reason yet: the confirmation is not offered.
    const confirm = page.getByTestId('override-enter-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('override-reason').fill('drill: the desk takes over');
    await confirm.click();
    await page.locator('[data-testid=override-state][data-on=true]').waitFor({ timeout: 60_000 });
    expect(await state.textContent()).toContain('ON');
    expect(await platform.api<OverrideState>('/api/risk-manager/manual-override')).toMatchObject({
      on: true,
      reason: 'drill: the desk takes over',
    });
    await screenshot('risk-manual-override');

    // Any RISK_MANUAL_OVERRIDE refusal was made after the mode went on (it was off until now).
    await newAssessment(
      new Set(),
      (row) => row.type === 'SignalRejected' && row.reasonCode === 'RISK_MANUAL_OVERRIDE',
      'a strategy signal refused with RISK_MANUAL_OVERRIDE',
    );

    // An operator's market order from the order form is still placed and fills.
    await open('trading', 'Positions and orders');
    await page.getByLabel('Symbol', { exact: true }).first().fill('AAPL');
    await page.getByLabel('Type').selectOption('MARKET');
    await page.getByLabel('Quantity').fill('7');
    await page.getByTestId('review-order').click();
    await page.getByTestId('send-order').click();
    const notice = page.locator('.notice, dialog .error').first();
    await notice.waitFor({ timeout: 60_000 });
    const text = (await notice.textContent()) ?? '';
    const orderId = /Order ([0-9a-f-]{36})/.exec(text)?.[1];
    expect(orderId, text).toBeDefined();
    await until(
      async () =>
        (await platform.api<{ status: string }>(`/api/trade-executor/orders/${orderId}`)).status === 'FILLED',
      90_000,
      'the manual AAPL order filled',
    );
    const order = await platform.api<{ origin: string }>(`/api/trade-executor/orders/${orderId}`);
    expect(order.origin).toBe('manual');

    // The position's protective stop shows on the Risk page: a sell stop for the whole position.
    await open('risk', 'Risk');
    const stop = page.locator('[data-testid=protective-stop-row][data-symbol=AAPL]');
    await stop.waitFor({ timeout: 90_000 });
    expect(await stop.textContent()).toMatch(/SELL\s*7/);
    // The API behind it: 20% under the position's average cost, on the cent, never nearer.
    const { positions } = await platform.api<{ positions: (PortfolioPosition & { averageCost: string })[] }>(
      '/api/trade-executor/portfolio',
    );
    const average = Number(positions.find((position) => position.symbol === 'AAPL')?.averageCost);
    const held = await platform.api<{
      enabled: boolean;
      stops: { symbol: string; side: string; quantity: number; stopPrice: string }[];
    }>('/api/trade-executor/protective-stops');
    expect(held.enabled).toBe(true);
    const aaplStop = held.stops.find((entry) => entry.symbol === 'AAPL');
    expect(aaplStop).toMatchObject({ side: 'SELL', quantity: 7 });
    expect(Number(aaplStop?.stopPrice)).toBeCloseTo(Math.floor(average * 80) / 100, 6);
  });

  it('shows the risk-ranked plan before an emergency liquidation from the Risk page, and every position is then flat', {
    timeout: 300_000,
  }, async () => {
    const held = await openPositions();
    expect(held.map((position) => position.symbol)).toContain('AAPL');
    await open('risk', 'Risk');
    await page.getByTestId('liquidate').click();
    const plan = page.getByTestId('liquidation-plan');
    await plan.locator('tr[data-symbol=AAPL]').waitFor({ timeout: 60_000 });
    // The plan lists what is held, ranked 1..n (manual override is on: strategies open nothing new).
    const planned = await plan.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => ({
        rank: Number(row.querySelector('td')?.textContent),
        symbol: row.getAttribute('data-symbol'),
      })),
    );
    expect(planned.map((row) => row.rank)).toEqual(planned.map((_, index) => index + 1));
    expect(new Set(planned.map((row) => row.symbol))).toEqual(
      new Set(held.map((position) => position.symbol)),
    );
    // The same order as the API's plan (largest one-day dollar risk first).
    const apiPlan = await platform.api<{ plan: { symbol: string; dayRisk: number }[] }>(
      '/api/trade-executor/emergency-liquidation',
    );
    expect(planned.map((row) => row.symbol)).toEqual(apiPlan.plan.map((row) => row.symbol));
    const confirm = page.getByTestId('liquidate-confirm');
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId('liquidation-reason').fill('drill: flatten the book');
    await screenshot('risk-liquidation-plan');
    await confirm.click();

    const report = page.getByTestId('liquidation-report');
    await report.waitFor({ timeout: 90_000 });
    const outcomes = await report
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    expect(outcomes.length).toBe(planned.length);
    expect(outcomes.every((status) => status === 'placed' || status === 'pending' || status === 'flat')).toBe(
      true,
    );
    await until(async () => (await openPositions()).length === 0, 120_000, 'every position flat');
    // The stops went with the positions.
    await page.getByTestId('protective-stop-row').first().waitFor({ state: 'detached', timeout: 90_000 });
    await screenshot('risk-liquidated');
  });

  it('leaves manual override from the Risk page, and strategy signals are assessed on their merits again', {
    timeout: 300_000,
  }, async () => {
    await open('risk', 'Risk');
    await page.locator('[data-testid=override-state][data-on=true]').waitFor({ timeout: 90_000 });
    const before = new Set((await assessments()).map((row) => row.assessmentId));
    await page.getByTestId('override-leave').click();
    await page.getByTestId('override-reason').fill('drill over');
    await page.getByTestId('override-leave-confirm').click();
    await page.locator('[data-testid=override-state][data-on=false]').waitFor({ timeout: 60_000 });
    expect((await platform.api<OverrideState>('/api/risk-manager/manual-override')).on).toBe(false);
    await newAssessment(
      before,
      (row) => row.reasonCode !== 'RISK_MANUAL_OVERRIDE',
      'a strategy signal assessed on its merits',
    );
  });

  it('gives a viewer the override and liquidation buttons disabled with the reason, and the API refuses the viewer', {
    timeout: 180_000,
  }, async () => {
    const password = 'viewer-password-long-enough-456';
    await platform.api('/api/security/users', 'POST', { username: 'onlooker', password, role: 'viewer' });
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(viewer, 'onlooker', password);
    await open('risk', 'Risk', viewer);
    // Whichever way the mode stands, its toggle is disabled.
    const toggle = viewer.getByTestId(/^override-(enter|leave)$/);
    await toggle.waitFor({ timeout: 90_000 });
    for (const button of [toggle, viewer.getByTestId('liquidate')]) {
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('title')).toContain('viewer');
    }
    const statuses = await viewer.evaluate(async () => {
      const tokens = JSON.parse(sessionStorage.getItem('ats.session') ?? '{}') as { accessToken?: string };
      const headers = { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'application/json' };
      const override = await fetch('api/risk-manager/manual-override', {
        method: 'PUT',
        headers,
        body: JSON.stringify({ on: true, reason: 'not allowed' }),
      });
      const liquidation = await fetch('api/trade-executor/emergency-liquidation', {
        method: 'POST',
        headers,
        body: JSON.stringify({ reason: 'not allowed' }),
      });
      return [override.status, liquidation.status];
    });
    expect(statuses).toEqual([403, 403]);
    expect((await platform.api<OverrideState>('/api/risk-manager/manual-override')).on).toBe(false);
    await screenshot('risk-continuity-viewer', viewer);
    await viewer.close();
  });
});
