/// <reference lib="dom" />
// The dashboard's controls in Debian's Chromium against `ats start`: a strategy disabled from the
// Strategies page stops signalling and signals again once enabled (audited, refused to a viewer), the
// System page's log and audit searches with their filters and error state, and the live stream closed
// at each access-token expiry: the page reconnects with a refreshed token, or shows the login page
// once the session cannot be refreshed.
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

// Access tokens live 10 s, so the live stream meets several expiries during the run.
const yaml = `status_interval_seconds: 0
market:
  speed: 600
security:
  access_token_ttl: 10s
  rate_limit:
    per_ip_per_minute: 0
    per_credential_per_minute: 0
strategies:
  - id: switched-cross
    kind: sma-cross
    symbols: [AAPL, MSFT]
    parameters: { fast: 2, slow: 5 }
  - id: steady-cross
    kind: sma-cross
    symbols: [JPM, XOM]
    parameters: { fast: 2, slow: 5 }
`;

interface SignalRow {
  id?: string;
  signalId?: string;
  strategyId: string;
}

let platform: DashboardPlatform;
let browser: Browser;
let page: Page;

const screenshot = (name: string, target: Page = page) => screenshotOf(target, name);

const open = (route: string, heading: string, target: Page = page) =>
  openRoute(target, platform.url, route, heading);

const logIn = (target: Page, username: string, password: string) =>
  logInAt(target, platform.url, username, password);

/** The ids of the stored signals of each strategy. */
async function signalIds(): Promise<Map<string, Set<string>>> {
  const rows = await platform.api<SignalRow[]>('/api/strategy-engine/signals?limit=1000');
  const ids = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = ids.get(row.strategyId) ?? new Set<string>();
    set.add(String(row.signalId ?? row.id));
    ids.set(row.strategyId, set);
  }
  return ids;
}

const newSignals = (before: Map<string, Set<string>>, after: Map<string, Set<string>>, strategy: string) =>
  [...(after.get(strategy) ?? [])].filter((id) => !before.get(strategy)?.has(id)).length;

async function until(probe: () => Promise<boolean>, timeoutMilliseconds: number, what: string) {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMilliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  mkdirSync(artifactsDirectory, { recursive: true });
  platform = await startDashboardPlatform(yaml);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await logIn(page, 'admin', adminPassword);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
}, 60_000);

describe('the dashboard controls in a browser', () => {
  it('disables a strategy after a confirmation: it stops signalling while the other goes on; enabling it brings its signals back', {
    timeout: 300_000,
  }, async () => {
    await open('strategies', 'Strategies');
    const state = (value: 'enabled' | 'disabled') =>
      page.locator(`[data-testid=strategy-state-switched-cross][data-state=${value}]`);
    await state('enabled').waitFor({ timeout: 90_000 });
    await until(
      async () => ((await signalIds()).get('switched-cross')?.size ?? 0) > 0,
      90_000,
      'a first signal of switched-cross',
    );

    await page.getByTestId('strategy-switch-switched-cross').click();
    await page.getByRole('dialog', { name: 'Disable' }).getByText('Disable switched-cross?').waitFor();
    await page.getByTestId('strategy-switch-switched-cross-confirm').click();
    await state('disabled').waitFor({ timeout: 60_000 });
    const strategies = await platform.api<{ id: string; enabled: boolean }[]>(
      '/api/strategy-engine/strategies',
    );
    expect(strategies.find((row) => row.id === 'switched-cross')?.enabled).toBe(false);
    await screenshot('strategies-disabled');

    // A signal decided just before the switch may still be on its way to the store: start counting after.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = await signalIds();
    let after = before;
    await until(
      async () => {
        after = await signalIds();
        return newSignals(before, after, 'steady-cross') >= 3;
      },
      120_000,
      'three new signals of steady-cross',
    );
    expect(newSignals(before, after, 'switched-cross')).toBe(0);

    // The change is in the audit trail, found with the System page's audit search.
    await open('system', 'System');
    const audit = page.getByRole('form', { name: 'Audit search' });
    await audit.getByLabel('Action').fill('strategy.flag_changed');
    await audit.getByTestId('search-audit').click();
    await page
      .getByTestId('audit-row')
      .filter({ hasText: 'switched-cross' })
      .filter({ hasText: 'strategy.flag_changed' })
      .first()
      .waitFor({ timeout: 60_000 });

    await open('strategies', 'Strategies');
    await state('disabled').waitFor({ timeout: 90_000 });
    await page.getByTestId('strategy-switch-switched-cross').click();
    await page.getByTestId('strategy-switch-switched-cross-confirm').click();
    await state('enabled').waitFor({ timeout: 60_000 });
    const enabledAt = await signalIds();
    await until(
      async () => newSignals(enabledAt, await signalIds(), 'switched-cross') > 0,
      120_000,
      'a signal of switched-cross after it was enabled',
    );
  });

  it('gives a viewer a disabled strategy switch that says why', { timeout: 180_000 }, async () => {
    const password = 'viewer-password-long-enough-456';
    await platform.api('/api/security/users', 'POST', { username: 'onlooker', password, role: 'viewer' });
    const viewer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await logIn(viewer, 'onlooker', password);
    await open('strategies', 'Strategies', viewer);
    const button = viewer.getByTestId('strategy-switch-switched-cross');
    await button.waitFor({ timeout: 90_000 });
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getAttribute('title')).toContain('trade permission');
    await viewer.close();
  });

  it('searches the stored logs by words and shows no match and a refused filter as such', {
    timeout: 180_000,
  }, async () => {
    // A word from a line the platform logged, to search for.
    let word = '';
    await until(
      async () => {
        const { logs } = await platform.api<{ logs: { message: string }[] }>('/api/monitoring/logs?limit=50');
        word = logs.flatMap((line) => line.message.match(/[a-z]{5,}/g) ?? [])[0] ?? '';
        return word !== '';
      },
      90_000,
      'a stored log line',
    );
    await open('system', 'System');
    const form = page.getByRole('form', { name: 'Log search' });
    await page.getByTestId('log-row').first().waitFor({ timeout: 90_000 });

    // Lines logged up to a second ago are fixed: the page and the API must find the same ones.
    const cutoff = await page.evaluate(() => {
      let at = new Date(Math.floor(Date.now() / 1000) * 1000 - 1000);
      // Chromium shows a whole minute without its seconds, which Playwright's fill then calls malformed.
      if (at.getSeconds() === 0) at = new Date(at.getTime() - 1000);
      const two = (value: number) => String(value).padStart(2, '0');
      const local = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
      return { local, iso: at.toISOString() };
    });
    const { logs } = await platform.api<{ logs: unknown[] }>(
      `/api/monitoring/logs?limit=100&q=${encodeURIComponent(word)}&to=${encodeURIComponent(cutoff.iso)}`,
    );
    expect(logs.length).toBeGreaterThan(0);
    await form.getByLabel('Words').fill(word);
    await form.getByLabel('To').fill(cutoff.local);
    await form.getByTestId('search-logs').click();
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid=log-row]').length === count,
      logs.length,
      { timeout: 60_000 },
    );
    await form.getByLabel('To').fill('');

    await form.getByLabel('Level').selectOption('fatal');
    await form.getByLabel('Words').fill('zzqxnothingmatchesthis');
    await form.getByTestId('search-logs').click();
    await page.getByTestId('logs-empty').waitFor({ timeout: 60_000 });

    // From after To: the server refuses the filter and the panel says why, with a retry.
    await form.getByLabel('Words').fill('');
    await form.getByLabel('Level').selectOption('');
    await form.getByLabel('From').fill('2026-02-01T10:00:05');
    await form.getByLabel('To').fill('2026-01-01T10:00:05');
    await form.getByTestId('search-logs').click();
    const alert = page.getByRole('region', { name: 'Logs' }).getByRole('alert');
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/from: .* is after to/);
    expect(await alert.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    await screenshot('system-log-search');
  });

  it('closes the live stream at each token expiry and reconnects with a refreshed token; logs out when the refresh is refused', {
    timeout: 240_000,
  }, async () => {
    await open('overview', 'Overview');
    const status = page.getByTestId('live-status');
    const tokenBefore = await page.evaluate(() => sessionStorage.getItem('ats.session'));
    const expiries = async () => Number(await status.getAttribute('data-expiries'));
    const startingExpiries = await expiries();
    // Two expiries later the stream is open again (10 s tokens).
    await page.waitForFunction(
      (start) => {
        const element = document.querySelector('[data-testid=live-status]');
        return (
          Number(element?.getAttribute('data-expiries')) >= start + 2 &&
          (element?.textContent ?? '').includes('live')
        );
      },
      startingExpiries,
      { timeout: 90_000 },
    );
    expect(Number(await status.getAttribute('data-connections'))).toBeGreaterThanOrEqual(3);
    expect(await page.evaluate(() => sessionStorage.getItem('ats.session'))).not.toBe(tokenBefore);
    // Still logged in, and events still arrive after the reconnections.
    expect(await page.getByTestId('user').count()).toBe(1);
    const received = Number(
      ((await status.textContent()) ?? '').match(/([\d,]+) events/)?.[1]?.replace(/,/g, ''),
    );
    await page.waitForFunction(
      (before) =>
        Number(
          (document.querySelector('[data-testid=live-status]')?.textContent ?? '')
            .match(/([\d,]+) events/)?.[1]
            ?.replace(/,/g, ''),
        ) > before,
      received,
      { timeout: 60_000 },
    );

    // A refresh token the server does not know: at the next expiry the refresh is refused and the page
    // shows the login form instead of a stream that silently stopped.
    await page.evaluate(() => {
      const tokens = JSON.parse(sessionStorage.getItem('ats.session') ?? '{}') as Record<string, string>;
      sessionStorage.setItem(
        'ats.session',
        JSON.stringify({ ...tokens, refreshToken: 'not-a-refresh-token' }),
      );
    });
    await page.getByLabel('Username').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('live-status').count()).toBe(0);
    await screenshot('logged-out-after-expiry');
  });
});
