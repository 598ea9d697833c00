// The Strategy Engine's wiring, used alike in one process and in its own: strategies from
// configuration, warmed on stored bars, their positions restored from trades, signals journaled.
import { performance } from 'node:perf_hooks';
import type { StrategyRecord, Ticker } from '@ats/core';
import type { Portfolio } from '@ats/engine';
import { StrategyRuntime } from '@ats/engine';
import { OutboxRelay, SqlSignalJournal } from '@ats/persistence';
import { StrategyEngineModule } from '../strategy-engine/strategy-engine-module.js';
import { durationMilliseconds, instrumentsOf } from '../wiring/config-mapping.js';
import { fillOfTrade } from '../wiring/stored-executions.js';
import { redeliverOnDataLoss, type ServiceContext, type ServiceInstance } from './service-context.js';
import { buildStrategies, strategyRecordsOf, warmUpStrategies } from './strategies-of-config.js';

export interface StrategyEngineService extends ServiceInstance {
  readonly runtime: StrategyRuntime;
  readonly records: readonly StrategyRecord[];
}

export async function buildStrategyEngine(
  context: ServiceContext,
  /** The portfolio, where one lives in this process (one-process mode), for PnL per strategy. */
  portfolio?: Portfolio,
): Promise<StrategyEngineService> {
  const { config, bus, database, repositories, metrics, ids, clock, logger, onError } = context;
  const records = strategyRecordsOf(config);
  const strategies = buildStrategies(records);
  for (const record of records) await repositories.strategies.saveStrategy(record);
  const relay = new OutboxRelay({ database, bus, source: 'strategy-engine', onError });
  redeliverOnDataLoss(context, relay, durationMilliseconds(config.redis.redelivery_window));
  const journal = new SqlSignalJournal(database, relay);
  const runtime = new StrategyRuntime({
    bus,
    clock,
    ids,
    metrics,
    timer: performance,
    group: 'strategy-engine',
    journal,
    onError,
    log: (strategyId, message, fields) => logger.info({ strategy: strategyId, ...fields }, message),
  });
  for (const strategy of strategies) runtime.add(strategy);
  const symbols = instrumentsOf(config).map((instrument) => instrument.symbol);
  return {
    runtime,
    records,
    module: new StrategyEngineModule({
      runtime,
      strategies: records,
      signals: repositories.signals,
      metrics,
      ...(portfolio ? { portfolio } : {}),
    }),
    async start() {
      // Each strategy's position comes back from the trades it made.
      const fills = (await repositories.trades.listTrades()).map(fillOfTrade);
      const positions = new Map<string, number>();
      for (const fill of fills) {
        const key = `${fill.strategyId}|${fill.symbol}`;
        const signed = fill.side === 'BUY' ? fill.lastQuantity.value : -fill.lastQuantity.value;
        positions.set(key, (positions.get(key) ?? 0) + signed);
      }
      for (const [key, net] of positions) {
        const [strategyId, symbol] = key.split('|') as [string, Ticker];
        runtime.restorePosition(strategyId, symbol, net);
      }
      runtime.markApplied(fills);
      await warmUpStrategies(runtime, repositories, symbols, clock.now());
      await relay.start();
      runtime.start();
    },
    async stop() {
      await runtime.stop();
      await journal.idle();
      await relay.stop();
    },
  };
}
