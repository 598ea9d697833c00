// The one-process node end to end on the embedded store: a simulated day, reconciliation, restart.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money, Quantity, replayExecutions, type Ticker, toAccountId } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/create-logger.js';
import { testAdminHeaders } from '../security/test-credentials.js';
import { nyseMarketHours } from '../simulated-market/nyse-market-hours.js';
import { testNodeConfig } from '../testing/test-node-config.js';
import { type RunningNode, startOneProcessNode } from './one-process-node.js';

const silent = createLogger({ level: 'silent', service: 'test' });

function configFor(directory: string) {
  return testNodeConfig(directory, {
    // 2,400 market seconds per second: a 6.5-hour session in about ten seconds.
    market: { speed: 2400, seed: 7 },
    strategies: [
      {
        id: 'fast-cross',
        kind: 'sma-cross',
        symbols: ['AAPL', 'MSFT', 'JPM', 'XOM', 'JNJ'],
        parameters: { fast: 3, slow: 8 },
      },
    ],
  });
}

async function until(condition: () => boolean, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function state(node: RunningNode) {
  const snapshot = node.kernel.portfolio.snapshot();
  return {
    cash: snapshot.cash.toString(),
    realized: snapshot.realizedPnl.toString(),
    commissions: snapshot.commissions.toString(),
    positions: Object.fromEntries(
      snapshot.positions.filter((p) => p.netQuantity !== 0).map((p) => [p.symbol, p.netQuantity]),
    ),
  };
}

describe('one-process node', () => {
  it('trades a simulated day, reconciles with the trades table to 0.0001, and resumes after a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ats-node-'));
    const config = configFor(directory);
    const node = await startOneProcessNode({ config, logger: silent, port: 0 });
    const firstDay = nyseMarketHours.sessionDate(node.clock.now());
    // Run until the market has moved past the first session (a whole simulated day).
    await until(() => nyseMarketHours.sessionDate(node.clock.now()) !== firstDay, 60_000);
    expect(node.kernel.execution.fillCount).toBeGreaterThan(0);
    const health = await node.app.inject({ headers: testAdminHeaders, method: 'GET', url: '/health' });
    // The body names what is not up, should a loaded machine ever make this fail.
    expect(health.statusCode, health.body).toBe(200);
    const metrics = await node.app.inject({ headers: testAdminHeaders, method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('ats_fills_total');
    for (const stage of ['ingestion', 'signal', 'risk', 'execution', 'portfolio', 'tick_to_fill']) {
      expect(metrics.body).toMatch(
        new RegExp(`ats_stage_latency_seconds_count\\{[^}]*stage="${stage}"[^}]*\\} [1-9]`),
      );
    }
    // The scheduler closed the day: session events, an end-of-day snapshot, a backup.
    const expectedJobs = ['session-close', 'end-of-day-snapshot', 'daily-backup', 'stale-market-data-check'];
    let ran = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (!expectedJobs.every((job) => ran.has(job)) && Date.now() < deadline) {
      const runs = await node.app.inject({
        headers: testAdminHeaders,
        method: 'GET',
        url: '/api/scheduler/runs?limit=1000',
      });
      ran = new Set(
        (runs.json() as { jobId: string; status: string }[])
          .filter((run) => run.status === 'succeeded')
          .map((run) => run.jobId),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const job of expectedJobs) expect(ran, job).toContain(job);
    // At least one finished backup: the simulated clock runs on while the test polls, so the next
    // session's backup may have started (a `.partial-` file) or finished too (a CI run on a loaded
    // machine saw two entries).
    const finishedBackups = readdirSync(join(directory, 'backups')).filter((name) => !name.startsWith('.'));
    expect(finishedBackups.length).toBeGreaterThanOrEqual(1);
    const [snapshot] = await node.repositories.portfolio.listSnapshots(toAccountId('paper'));
    expect(snapshot?.date).toBe(firstDay);
    expect(snapshot?.performanceMetrics).toHaveProperty('totalReturn');
    await node.stop();
    const before = state(node);

    // The trades table alone gives back cash, positions and realized PnL, exactly.
    const database = await openDatabase({ dataDirectory: join(directory, 'pglite') });
    const repositories = createRepositories(database);
    const trades = await repositories.trades.listTrades({ accountId: toAccountId('paper') });
    const replay = replayExecutions(
      toAccountId('paper'),
      Money.of('100000'),
      trades.map((trade) => ({
        symbol: trade.symbol,
        side: trade.side,
        quantity: Quantity.of(trade.quantity),
        price: trade.executedPrice,
        commission: trade.commission,
      })),
    );
    expect(replay.ledger.cash.toString()).toBe(before.cash);
    expect(replay.ledger.realizedPnl.toString()).toBe(before.realized);
    expect(replay.ledger.commissions.toString()).toBe(before.commissions);
    const replayedPositions = Object.fromEntries(
      [...replay.positions]
        .filter(([, position]) => !position.isFlat)
        .map(([symbol, position]) => [symbol, position.netQuantity]),
    );
    expect(replayedPositions).toEqual(before.positions);
    const stored = await repositories.portfolio.loadPositions(toAccountId('paper'));
    for (const row of stored) expect(row.netQuantity).toBe(before.positions[row.symbol as Ticker] ?? 0);
    await database.close();

    // A restart resumes with the same positions and cash.
    const again = await startOneProcessNode({ config, logger: silent, port: 0 });
    const after = state(again);
    await again.stop();
    expect(after.cash).toBe(before.cash);
    expect(after.positions).toEqual(before.positions);
    expect(after.realized).toBe(before.realized);
  }, 120_000);
});
