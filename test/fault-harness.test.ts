// The fault run: multi-process mode on PostgreSQL and a Redis of its own (on another loopback port),
// through SIGKILLs of every service, Redis stopped for 30 s, Redis restarted empty, Redis paused for
// 40 s, and a SIGKILL of the supervisor (its services exit by themselves; a new supervisor starts).
// After each fault: every service healthy again, trading resumed, nothing lost or duplicated,
// positions equal to the trades. It prints a table of faults and recovery times.
import { afterAll, describe, expect, it } from 'vitest';
import { type Books, clean, settledBooks } from './support/books.js';
import { busyTradingYaml, sleep, waitFor } from './support/distributed-deployment.js';
import { PrivateRedis } from './support/private-redis.js';
import { SupervisedDeployment } from './support/supervised-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const enabled = Boolean(databaseUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL is not set: the fault harness cannot run');

/** Fault lengths; ATS_FAULT_SCALE=0.2 shortens them for a quick local look. */
const scale = Number(process.env.ATS_FAULT_SCALE ?? 1);

interface FaultRow {
  readonly fault: string;
  readonly healthySeconds: number;
  readonly recoverySeconds: number;
  readonly trades: number;
  readonly books: Books;
}

let deployment: SupervisedDeployment | null = null;
let redis: PrivateRedis | null = null;
afterAll(async () => {
  await deployment?.dispose();
  await redis?.dispose();
});

async function tradeCount(target: SupervisedDeployment): Promise<number> {
  const [row] = await target.database.query<{ n: string }>('SELECT COUNT(*) AS n FROM trades');
  return Number(row?.n ?? 0);
}

/** Seconds from the fault (a kill) or its end (Redis back) until every service is up and a new trade was made. */
async function recovery(
  target: SupervisedDeployment,
  faultEndedAt: number,
): Promise<{ healthySeconds: number; recoverySeconds: number }> {
  const before = await tradeCount(target);
  await waitFor(async () => target.allUp(), Boolean, 90_000, 'every service up');
  const healthySeconds = (Date.now() - faultEndedAt) / 1000;
  await waitFor(
    () => tradeCount(target),
    (count) => count > before,
    120_000,
    'a new trade',
  );
  return { healthySeconds, recoverySeconds: (Date.now() - faultEndedAt) / 1000 };
}

describe.runIf(enabled)('fault harness (multi-process, PostgreSQL and a private Redis)', () => {
  it('recovers from killed services, Redis stopped, emptied and paused, and a killed supervisor: healthy within 30 s (a new supervisor within 60 s), nothing lost or duplicated', async () => {
    redis = await PrivateRedis.start();
    deployment = await SupervisedDeployment.start({
      databaseUrl: databaseUrl as string,
      redisUrl: redis.url,
      yaml: busyTradingYaml(31),
    });
    const target = deployment;
    const privateRedis = redis;
    await waitFor(
      () => tradeCount(target),
      (count) => count > 0,
      90_000,
      'first trade',
    );
    const rows: FaultRow[] = [];
    const record = async (fault: string, faultEndedAt: number) => {
      const { healthySeconds, recoverySeconds } = await recovery(target, faultEndedAt);
      const settled = await settledBooks(target, `after ${fault}`);
      rows.push({ fault, healthySeconds, recoverySeconds, trades: await tradeCount(target), books: settled });
    };

    for (const service of [
      'trade-executor',
      'risk-manager',
      'strategy-engine',
      'scheduler',
      'backtesting',
      'data-collector',
    ]) {
      const killedAt = Date.now();
      await target.kill(service);
      await record(`SIGKILL ${service}`, killedAt);
    }

    await privateRedis.stop();
    await sleep(30_000 * scale);
    await privateRedis.launch();
    await record(`Redis stopped ${Math.round(30 * scale)} s`, Date.now());

    await privateRedis.restartEmpty();
    await record('Redis restarted empty', Date.now());

    privateRedis.pause();
    await sleep(40_000 * scale);
    privateRedis.resume();
    await record(`Redis paused ${Math.round(40 * scale)} s`, Date.now());

    // Crashes: restarts the supervisor made that no kill of ours caused (counted before the supervisor
    // itself is killed, since a new supervisor counts from zero).
    const restarts = target.restarts();
    const restartsByService = target.restartsByService();
    // Why each service went down, for a total that is not the kills' (a crash, a failed health check).
    const downs = target.lines.filter((line) => /^\[ats\] \S+ (down|degraded) /.test(line));

    const supervisorKilledAt = Date.now();
    const { orphansGoneInMilliseconds } = await target.killSupervisor();
    await record(
      `SIGKILL supervisor (services gone in ${(orphansGoneInMilliseconds / 1000).toFixed(1)} s)`,
      supervisorKilledAt,
    );
    expect(target.restarts()).toBe(0);
    const final = await settledBooks(target, 'at the end');
    const table = [
      `${'fault'.padEnd(46)} | all healthy in | trading again in | trades | lost or duplicated`,
      `${'-'.repeat(46)}-|----------------|------------------|--------|-------------------`,
      ...rows.map(
        (row) =>
          `${row.fault.padEnd(46)} | ${`${row.healthySeconds.toFixed(1)} s`.padStart(14)} | ${`${row.recoverySeconds.toFixed(1)} s`.padStart(16)} | ${String(row.trades).padStart(6)} | ${Object.values(row.books).reduce((sum, count) => sum + count, 0)}`,
      ),
      `service restarts ${restarts} (6 by SIGKILL): ${JSON.stringify(restartsByService)}; invariants at the end: ${JSON.stringify(final)}`,
    ];
    console.log(`fault harness:\n${table.join('\n')}\nservices down or degraded:\n${downs.join('\n')}`);
    expect(final).toSatisfy(clean);
    // A restart beyond the six kills names itself: the supervisor's down and degraded lines say which
    // service and why (exited with a code, or failed health checks while alive).
    const unplanned = target.lines.filter((line) => /^\[ats\] [a-z-]+ (down|degraded) /.test(line));
    expect(restarts, unplanned.join('\n')).toBe(6);
    // Every service healthy within 30 s of each fault (the supervisor's restart backoff included);
    // after the supervisor itself is killed, a new one starts the ten services in three waves
    // (service-process.ts, distributedServiceWaves).
    // The spec asks failover within 30 s and recovery within 5 minutes. A killed service is a failover:
    // 30 s. A killed supervisor is a restart of the whole platform, ten processes starting on a machine
    // shared with the other test files: 19 s idle, 27.7 s and 39.5 s in CI runs on two cores
    // (2026-12-01); held to 60 s, well inside the spec's 5 minutes.
    for (const row of rows)
      expect(row.healthySeconds, row.fault).toBeLessThan(
        row.fault.startsWith('SIGKILL supervisor') ? 60 : 30,
      );
  }, 1_200_000);
});
