// The Risk Manager's kill switch in multi-process mode stops a working TWAP's next children in the
// Trade Executor's own process (the executor's risk engine follows the Risk Manager's stored controls),
// and resuming lets the parent trade again.

import { testAdminHeaders } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { type Deployment, sleep, startDeployment, waitFor } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the multi-process halt test cannot run');

let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
});

interface ParentView {
  status: string;
  live: { refusedChildren: number; lastRefusal: string | null; filled: number } | null;
  children: { sequence: number; status: string | null }[];
}

describe.runIf(enabled)('the kill switch in multi-process mode', () => {
  it("stops a working TWAP's next children in the executor's process, and resuming lets it trade again", async () => {
    await assertRedisReachable();
    deployment = await startDeployment({
      redisUrl: redisUrl as string,
      databaseUrl: databaseUrl as string,
      yaml: [
        'market:',
        '  speed: 60',
        '  seed: 11',
        'strategies: []',
        'risk_limits:',
        '  max_position_size: 0.9',
        '  max_sector_exposure: 0.95',
        '  max_concentration: 1',
        '  max_price_age: 4h',
        'execution:',
        '  max_approval_age: 4h',
        '  lease_ttl: 1500ms',
        'logging:',
        '  level: warn',
      ],
    });
    const executor = deployment.url('trade-executor');
    const riskManager = deployment.url('risk-manager');
    const post = async (url: string, body: unknown) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...testAdminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, `${url}: ${await response.clone().text()}`).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown>;
    };
    // 15 slices over 45 market minutes: one child every 3 s at speed 60.
    const parent = await post(`${executor}/algorithms`, {
      symbol: 'AAPL',
      side: 'BUY',
      quantity: 150,
      algorithm: 'TWAP',
      durationMinutes: 45,
      slices: 15,
      randomization: 0,
    });
    const view = async () =>
      (await (
        await fetch(`${executor}/algorithms/${String(parent.id)}`, { headers: testAdminHeaders })
      ).json()) as ParentView;
    await waitFor(
      view,
      (current) => current.children.filter((child) => child.status === 'FILLED').length >= 2,
      120_000,
      'two children filled',
    );

    await post(`${riskManager}/halt`, {});
    // The executor learns of the halt from the Risk Manager's published change and refuses the next child.
    const refused = await waitFor(
      view,
      (current) => (current.live?.lastRefusal ?? '').startsWith('RISK_TRADING_HALTED'),
      60_000,
      'a child refused by the kill switch',
    );
    const childrenAtHalt = refused.children.length;
    // Three more slices' time: no child is placed while halted, the refusals keep counting.
    await sleep(10_000);
    const stillHalted = await view();
    expect(stillHalted.children.length).toBe(childrenAtHalt);
    expect(stillHalted.status).toBe('working');
    expect(stillHalted.live?.refusedChildren).toBeGreaterThan(refused.live?.refusedChildren ?? 0);
    expect(stillHalted.live?.lastRefusal).toContain('kill switch');

    await post(`${riskManager}/resume`, {});
    await waitFor(
      view,
      (current) => current.children.length > childrenAtHalt,
      60_000,
      'children again after resume',
    );
  }, 300_000);
});
