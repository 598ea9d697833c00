// The Risk Manager's state under SIGKILL in multi-process mode (PostgreSQL and Redis): after the
// supervisor restarts it, the kill switch is still on, a limit override still applies, and today's
// risk day keeps the equity it started at (so the day's loss is still counted).
import { testAdminHeaders } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRedisReachable } from './redis-availability.js';
import { type Deployment, startDeployment, waitFor } from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the risk restart test cannot run');

let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
});

interface DayState {
  day: string | null;
  dayStartEquity: string | null;
  highWaterMark: string | null;
}

describe.runIf(enabled)('Risk Manager state across SIGKILL (multi-process)', () => {
  it('keeps the kill switch, a limit override and the risk day after the supervisor restarts a killed Risk Manager', async () => {
    await assertRedisReachable();
    deployment = await startDeployment({
      databaseUrl: databaseUrl as string,
      redisUrl: redisUrl as string,
      // Market time at wall-clock speed: the risk day cannot roll over during the test.
      yaml: ['market:', '  speed: 1', 'logging:', '  level: warn'],
    });
    const risk = deployment.url('risk-manager');
    const put = (path: string, body: unknown) =>
      fetch(`${risk}${path}`, {
        method: 'PUT',
        headers: { ...testAdminHeaders, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const dayState = async () =>
      (await (await fetch(`${risk}/day-state`, { headers: testAdminHeaders })).json()) as DayState;

    const before = await waitFor(dayState, (state) => state.day !== null, 60_000, 'the risk day started');
    expect((await put('/kill-switch', { halted: true, reason: 'before the kill' })).status).toBe(200);
    expect(
      (await put('/limits', { scope: 'symbol', scopeId: 'AAPL', limits: { max_position_quantity: 7 } }))
        .status,
    ).toBe(200);
    const stored = await deployment.database.query<{ day_start_equity_raw: string }>(
      'SELECT day_start_equity_raw FROM risk_day_state',
    );
    expect(stored).toHaveLength(1);

    await deployment.kill('risk-manager');

    const health = (await (await fetch(`${risk}/health`)).json()) as { detail?: { halted?: boolean } };
    expect(health.detail?.halted).toBe(true);
    const overrides = (await (
      await fetch(`${risk}/limits/overrides`, { headers: testAdminHeaders })
    ).json()) as { overrides: unknown[] };
    expect(overrides.overrides).toEqual([
      { scope: 'symbol', scopeId: 'AAPL', key: 'max_position_quantity', value: 7 },
    ]);
    const after = await dayState();
    expect(after.day).toBe(before.day);
    expect(after.dayStartEquity).toBe(before.dayStartEquity);
  }, 180_000);
});
