// The Strategy Engine's wiring, used alike in one process and in its own: strategies from
// configuration, warmed on stored bars, their positions restored from trades, signals journaled.
import { performance } from 'node:perf_hooks';
import { StrategyPerformanceTracker } from '@ats/analytics';
import { NyseCalendar, regularSessionWindows } from '@ats/calendar';
import type { StrategyRecord, Ticker } from '@ats/core';
import { AtsError } from '@ats/core';
import type { Portfolio } from '@ats/engine';
import { SignalWriteRetry, StrategyRuntime } from '@ats/engine';
import { OutboxRelay, SqlModelRegistryStore, SqlSignalJournal, StrategyFlagStore } from '@ats/persistence';
import { connectRedis, redisKeyPrefix } from '@ats/redis';
import {
  buildRegistryModelStrategy,
  type RegistryModelStrategy,
} from '../strategy-engine/registry-model-strategy.js';
import { StrategyEngineModule } from '../strategy-engine/strategy-engine-module.js';
import { StrategyFlagSync } from '../strategy-engine/strategy-flag-sync.js';
import { partitionedSignalIds, SymbolPartition } from '../strategy-engine/symbol-partition.js';
import { durationMilliseconds, instrumentsOf, redisEndpointOf } from '../wiring/config-mapping.js';
import { fillOfTrade } from '../wiring/stored-executions.js';
import { composeFusionGroups } from './fusion-groups-of-config.js';
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
  const configured = strategyRecordsOf(config);
  const models = new SqlModelRegistryStore(database, () => clock.now());
  // Strategies that run a registry model: loaded from the registry, each with its drift monitor.
  const modelStrategies: RegistryModelStrategy[] = [];
  const built = await buildStrategies(configured, {
    modelStrategy: async (record) => {
      const entry = config.strategies.find((candidate) => candidate.id === record.id);
      if (!entry?.model) throw new Error(`strategy ${record.id}: no model configured`);
      const running = await buildRegistryModelStrategy(
        { id: entry.id, symbols: record.symbols, parameters: entry.parameters, model: entry.model },
        models,
        {
          bus,
          clock,
          ids,
          onAlert: (alert, strategyId) => {
            metrics.count('model_drift_alerts_total', { strategy: strategyId, state: alert.state });
            logger.warn({ strategy: strategyId, ...alert }, 'model prediction quality left its band');
          },
        },
      );
      logger.info(
        { strategy: record.id, model: running.version.name, version: running.version.version },
        'registry model loaded',
      );
      modelStrategies.push(running);
      return running.strategy;
    },
  });
  const composed = composeFusionGroups(config, configured, built);
  const records = [...configured, ...composed.groupRecords];
  for (const record of records) await repositories.strategies.saveStrategy(record);
  const partitioned = config.strategy_engine.partition_by_symbol;
  const instance = context.instance;
  if (partitioned && !instance)
    throw new AtsError(
      'CONFIG_INVALID',
      'strategy_engine.partition_by_symbol: each instance needs a name (ats service strategy-engine --instance NAME)',
    );
  // Each instance relays its own outbox rows and reads every fill (a group of its own).
  const source = partitioned ? `strategy-engine/${instance}` : 'strategy-engine';
  const relay = new OutboxRelay({ database, bus, source, onError });
  redeliverOnDataLoss(context, relay, durationMilliseconds(config.redis.redelivery_window));
  const journal = new SqlSignalJournal(relay);
  const symbols = instrumentsOf(config).map((instrument) => instrument.symbol);
  const redisEndpoint = partitioned ? redisEndpointOf(config) : undefined;
  if (partitioned && !redisEndpoint)
    throw new AtsError('CONFIG_INVALID', 'strategy_engine.partition_by_symbol needs Redis (redis.url)');
  const leaseClient = redisEndpoint ? connectRedis(redisEndpoint, { maxRetriesPerRequest: 1 }) : null;
  leaseClient?.on('error', () => {});
  const partition =
    leaseClient && instance
      ? new SymbolPartition({
          client: leaseClient,
          keyPrefix: `${redisKeyPrefix(config.deployment.name)}leases:strategy-engine:`,
          instance,
          symbols,
          leaseTtlMilliseconds: durationMilliseconds(config.strategy_engine.lease_ttl),
          journal,
          bus,
          onError,
          log: (message, fields) => logger.info({ instance, ...fields }, message),
        })
      : null;
  // Live performance per strategy, sampled once per bar time (1-minute bars: 252 × 390 a year).
  const strategyPerformance = new StrategyPerformanceTracker({
    capital: Number(config.account.starting_cash),
    periodsPerYear: 252 * 390,
  });
  let lastSample = Number.NEGATIVE_INFINITY;
  const flags = new StrategyFlagStore(database);
  // A signal emitted while the database is out waits and is stored once it is back (in order), or is
  // dropped once older than the window; before, it was reported and lost.
  const signalWrites = new SignalWriteRetry({
    journal,
    clock,
    windowMilliseconds: durationMilliseconds(config.strategy_engine.signal_retry_window),
    metrics,
  });
  const runtime: StrategyRuntime = new StrategyRuntime({
    observer: {
      fill: (fill) => strategyPerformance.onFill(fill),
      bar: (bar) => {
        if (bar.time <= lastSample) return;
        lastSample = bar.time;
        strategyPerformance.sample((symbol) => runtime.lastPrice(symbol));
      },
    },
    bus,
    clock,
    ids,
    metrics,
    timer: performance,
    group: partitioned ? `strategy-engine-${instance}` : 'strategy-engine',
    // A strategy's daily bars built from minute bars are NYSE sessions (the platform's calendar).
    sessions: regularSessionWindows(new NyseCalendar()),
    journal: signalWrites,
    ...(partition ? { admit: partition.admit, signalIdsOf: partitionedSignalIds } : {}),
    onError,
    log: (strategyId, message, fields) => logger.info({ strategy: strategyId, ...fields }, message),
  });
  for (const { strategy, enabled } of composed.strategies) runtime.add(strategy, { enabled });
  // Partitioned: a flag set through another instance reaches this one within a lease time.
  const flagSync = partition
    ? new StrategyFlagSync({
        flags,
        runtime,
        intervalMilliseconds: durationMilliseconds(config.strategy_engine.lease_ttl),
        onError,
        log: (message, fields) => logger.info({ instance, ...fields }, message),
      })
    : null;
  return {
    runtime,
    records,
    module: new StrategyEngineModule({
      runtime,
      strategies: records,
      signals: repositories.signals,
      metrics,
      models,
      drift: () => modelStrategies.map((running) => running.drift()),
      ...(portfolio ? { portfolio } : {}),
      ...(partition && instance ? { partition: { instance, owned: () => partition.owned() } } : {}),
      flags,
      ...(context.audit ? { audit: context.audit } : {}),
      performance: { tracker: strategyPerformance, markOf: (symbol) => runtime.lastPrice(symbol) },
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
      for (const fill of fills) strategyPerformance.onFill(fill);
      // Flags set at run time outlive a restart: they override the configuration's `enabled`.
      for (const flag of await flags.listFlags()) runtime.setEnabled(flag.strategyId, flag.enabled);
      await warmUpStrategies(runtime, repositories, symbols, clock.now());
      await relay.start();
      runtime.start();
      // After the runtime subscribed: a symbol taken over finds the runtime already computing it.
      await partition?.start();
      flagSync?.start();
    },
    async stop() {
      await flagSync?.stop();
      await partition?.stop();
      leaseClient?.disconnect();
      await runtime.stop();
      signalWrites.stop();
      // Predictions already on their way (asynchronous models) settle before the journal closes.
      await Promise.all(modelStrategies.map((running) => running.strategy.idle()));
      for (const running of modelStrategies) running.dispose();
      await journal.idle();
      await relay.stop();
    },
  };
}
