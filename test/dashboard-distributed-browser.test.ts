/// <reference lib="dom" />
// The dashboard in multi-process mode: the supervisor runs every service in its own process plus the
// gateway (`ats service gateway`), which serves the page, its live stream from the Redis bus and
// /api/<service>/ forwarded to each service. Debian's Chromium logs in and sees live data.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testAdminHeaders } from '@ats/services';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { adminPassword, artifactsDirectory, launchChromium } from './support/dashboard-platform.js';
import { busyTradingYaml, type Deployment, startDeployment } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error(
    'CI=true but DATABASE_URL or REDIS_URL is not set: the multi-process dashboard test cannot run',
  );

let deployment: Deployment | null = null;
let browser: Browser | null = null;
let page: Page;
let gateway = '';

beforeAll(async () => {
  if (!enabled) return;
  await assertRedisReachable();
  mkdirSync(artifactsDirectory, { recursive: true });
  // The Security service creates the first admin with this password (children inherit the environment).
  process.env.ATS_ADMIN_PASSWORD = adminPassword;
  deployment = await startDeployment({
    databaseUrl: databaseUrl as string,
    redisUrl: redisUrl as string,
    yaml: busyTradingYaml(41),
    gateway: true,
  });
  gateway = deployment.gatewayUrl as string;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await deployment?.dispose();
}, 90_000);

describe.runIf(enabled)('the dashboard in multi-process mode (the gateway)', () => {
  it('starts the gateway in the first wave, beside Audit and Security, and serves the built page at /', async () => {
    const up = (deployment as Deployment).lines
      .filter((line) => /^\[ats\] \S+ up \(healthy/.test(line))
      .map((line) => line.split(' ')[1]);
    expect(new Set(up.slice(0, 3))).toEqual(new Set(['audit', 'security', 'gateway']));
    const index = await fetch(`${gateway}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="app">');
  });

  it('forwards /api/<service>/ to that service, which checks the credentials itself', async () => {
    // A browser's POST names the page's origin; the service sees the browser's host, so it is same-origin.
    const login = await fetch(`${gateway}/api/security/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: gateway },
      body: JSON.stringify({ username: 'admin', password: adminPassword }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toHaveProperty('accessToken');
    const portfolio = await fetch(`${gateway}/api/trade-executor/portfolio`, { headers: testAdminHeaders });
    expect(portfolio.status).toBe(200);
    expect(await portfolio.json()).toHaveProperty('cash');
    const refused = await fetch(`${gateway}/api/trade-executor/portfolio`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain('authentication required');
    // The Monitoring service runs under the supervisor too: its routes are forwarded like the others
    // (a service that does not answer is named with 502: gateway-proxy-routes.test.ts).
    const monitoring = await fetch(`${gateway}/api/monitoring/status`, { headers: testAdminHeaders });
    expect(monitoring.status).toBe(200);
    // The gateway's /health carries every service's health, as the one-process node's does.
    // It answers at once with what it last asked (asked again at most every 2 s, and the gateway started
    // beside the first services): within a few seconds it shows them all up.
    let health: { services: Record<string, { status: string }> } = { services: {} };
    const up = (name: string) => health.services[name]?.status === 'up';
    const deadline = Date.now() + 30_000;
    while (!(up('trade-executor') && up('data-collector')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      health = (await (await fetch(`${gateway}/health`)).json()) as typeof health;
    }
    expect(health.services['trade-executor']?.status).toBe('up');
    expect(health.services['data-collector']?.status).toBe('up');
  });

  it('logs in through the gateway and shows equity and fills arriving live from the Redis bus', {
    timeout: 180_000,
  }, async () => {
    await page.goto(gateway, { timeout: 90_000 });
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page
      .getByTestId('user')
      .waitFor({ timeout: 90_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage: ${await page.locator('body').textContent()}`);
      });
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 90_000 });
    await page.waitForFunction(
      () => /\$/.test(document.querySelector('[data-testid=equity]')?.textContent ?? ''),
      undefined,
      { timeout: 90_000 },
    );
    // Fills of the busy strategy arrive on the live stream (not by reloading): a row in the fills feed,
    // and the stream's own event count moving.
    await page.getByTestId('fill-row').first().waitFor({ timeout: 90_000 });
    const received = async () =>
      Number(
        ((await page.getByTestId('live-status').textContent()) ?? '')
          .match(/([\d,]+) events/)?.[1]
          ?.replace(/,/g, '') ?? 0,
      );
    const first = await received();
    await page.waitForFunction(
      (before) => {
        const text = document.querySelector('[data-testid=live-status]')?.textContent ?? '';
        return Number(text.match(/([\d,]+) events/)?.[1]?.replace(/,/g, '') ?? 0) > before;
      },
      first,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: join(artifactsDirectory, 'distributed-overview.png'), fullPage: true });

    // The System page lists the services behind the gateway.
    await page.goto(`${gateway}/#/system`, { timeout: 90_000 });
    await page
      .getByTestId('services')
      .getByRole('row')
      .filter({ hasText: 'trade-executor' })
      .waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(artifactsDirectory, 'distributed-system.png'), fullPage: true });
  });
});
