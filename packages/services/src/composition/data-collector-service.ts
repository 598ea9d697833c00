// The Data Collector's wiring, used alike in one process and in its own: the streaming providers of
// data.providers (the simulated market by default) feed the data engine through the MarketFeed (watchdog,
// failover, gap backfill); the engine validates, stores (batched) and publishes quotes and closed bars;
// quality is tracked per symbol and provider, and refused data is kept with its reason. Partitioned by
// symbol (data_collector.partition_by_symbol), an instance ingests only the symbols it leases.
import { performance } from 'node:perf_hooks';
import { NyseCalendar } from '@ats/calendar';
import { AtsError } from '@ats/core';
import { DataEngine } from '@ats/engine';
import { BarHistoryWriter, FailoverLog, MarketDataRejectionStore } from '@ats/persistence';
import { connectRedis, RedisCache, type RedisClient, redisKeyPrefix, SymbolLeases } from '@ats/redis';

import { DataCollectorModule } from '../data-collector/data-collector-module.js';
import { LatestQuoteCache } from '../data-collector/latest-quote-cache.js';
import { MarketFeed } from '../data-collector/market-feed.js';
import { registerQualityMetrics } from '../data-collector/quality-metrics.js';
import { QualityTracker } from '../data-collector/quality-tracker.js';
import { maintainQuotePartitions } from '../data-collector/quote-partition-maintenance.js';
import { RejectionRecorder } from '../data-collector/rejection-recorder.js';
import type { SimulatedMarket } from '../simulated-market/simulated-market-of.js';
import { BufferedMarketDataSink } from '../wiring/buffered-market-data-sink.js';
import { durationMilliseconds, instrumentsOf, redisEndpointOf } from '../wiring/config-mapping.js';
import { dataClientsOf, streamingClientOf } from './data-clients-of.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

export interface DataCollectorService extends ServiceInstance {
  readonly data: DataEngine;
  readonly market: SimulatedMarket;
}

export function buildDataCollector(
  context: ServiceContext,
  simulated: SimulatedMarket,
): DataCollectorService {
  const { config, bus, repositories, metrics, ids, logger, onError, database } = context;
  const { clock } = simulated;
  const clients = dataClientsOf(config, simulated);
  const primary = streamingClientOf(clients);
  // The failover chain: the streaming providers in configured order, starting at the first.
  const chain = clients.filter((client) => client.capabilities.streams.quotes);
  const instruments = instrumentsOf(config);
  const symbols = instruments.map((instrument) => instrument.symbol);
  const calendar = new NyseCalendar();
  const silentAfterMilliseconds = durationMilliseconds(config.data.watchdog_silence);
  const sink = new BufferedMarketDataSink({
    repository: repositories.marketData,
    maxRows: 5_000,
    maxDelayMilliseconds: 250,
    onError,
  });
  const tracker = new QualityTracker({
    calendar,
    now: () => Date.now(),
    marketNow: () => clock.now(),
    silentAfterMilliseconds,
  });
  registerQualityMetrics(metrics, tracker);
  const rejectionStore = new MarketDataRejectionStore(database, config.data.rejections_kept);
  const rejections = new RejectionRecorder(rejectionStore, onError);
  const failoverLog = new FailoverLog(database);
  const partition = symbolLeasesOf(context, symbols);
  const leases = partition?.leases ?? null;
  // In multi-process mode other processes read the latest quote per symbol from Redis.
  const redis = redisEndpointOf(config);
  const latest =
    context.onBusDataLoss && redis
      ? new LatestQuoteCache(
          new RedisCache(redis, `${redisKeyPrefix(config.deployment.name)}cache:`),
          onError,
        )
      : null;
  const data = new DataEngine({
    instruments,
    clock,
    bus,
    ids,
    metrics,
    timer: performance,
    sink: {
      quote: (quote) => sink.quote(quote),
      bar: (bar) => {
        tracker.barClosed(bar);
        sink.bar(bar);
      },
    },
    validation: {
      maxClockSkewMilliseconds: config.market.max_clock_skew_ms,
      outlierFraction: config.market.outlier_fraction,
      confirmationQuotes: config.market.outlier_confirmation_quotes,
    },
    onRejected: (rejection) => {
      logger.warn({ code: rejection.code, quote: rejection.raw }, rejection.reason);
      tracker.rejected(rejection.raw, rejection.code);
      rejections.record({
        symbol: String(rejection.raw.symbol),
        source: rejection.raw.source ?? null,
        code: rejection.code,
        reason: rejection.reason,
        payload: rejection.raw,
      });
    },
    ...(latest ? { onAccepted: (quote) => latest.quote(quote) } : {}),
  });
  const writer = new BarHistoryWriter(database);
  const feed = new MarketFeed({
    providers: [primary, ...chain.filter((client) => client !== primary)],
    symbols,
    ingest: (quote) => {
      // Another instance collects the symbols this one does not lease: dropped here, before validation,
      // storage and publishing, so each quote stream is stored and published by one instance.
      if (leases && !leases.owns(String(quote.symbol))) return;
      tracker.received(quote);
      data.ingest(quote);
    },
    bus,
    ids,
    now: () => Date.now(),
    isTrading: () => calendar.phaseAt(clock.now()) === 'regular',
    silentAfterMilliseconds,
    reconnectsBeforeFailover: config.data.reconnects_before_failover,
    // A gap's backfilled bars: only the leased symbols' (the owner of the others backfills them).
    storeBars: (bars) => writer.write(leases ? bars.filter((bar) => leases.owns(String(bar.symbol))) : bars),
    beforeBackfill: async () => {
      data.closeDueBars(clock.now());
      await sink.flush();
    },
    recordFailover: (record) => failoverLog.record(record),
    onEvent: (event) => logger.warn({ event }, `market data feed: ${event.kind}`),
  });
  let minuteTimer: ReturnType<typeof setInterval> | null = null;
  let partitionTimer: ReturnType<typeof setInterval> | null = null;
  const retention =
    config.data.quote_retention === undefined ? null : durationMilliseconds(config.data.quote_retention);
  const maintainPartitions = () =>
    maintainQuotePartitions(database, clock.now(), retention).then(({ created, dropped }) => {
      if (created.length > 0 || dropped.length > 0)
        logger.info({ created, dropped }, 'market_quotes partitions');
    }, onError);
  return {
    data,
    market: simulated,
    module: new DataCollectorModule({
      data,
      symbols,
      repository: repositories.marketData,
      metrics,
      lastMessageAt: () => feed.provider.lastMessageAt(),
      staleAfterMilliseconds: silentAfterMilliseconds,
      now: () => Date.now(),
      quality: () => tracker.report(),
      rejections: (limit, symbol) => rejectionStore.latest(limit, symbol),
      failovers: (limit) => failoverLog.latest(limit),
      provider: () => feed.provider.name,
      ...(leases && context.instance
        ? { partition: { instance: context.instance, owned: () => leases.owned() } }
        : {}),
    }),
    async start() {
      // Bars of quiet symbols close on time; checked four times per market minute.
      minuteTimer = setInterval(
        () => data.closeDueBars(clock.now()),
        Math.max(50, 60_000 / config.market.speed / 4),
      );
      rejections.start();
      latest?.start();
      // The leases first: quotes arriving before the first lease is held are not this instance's.
      await leases?.start();
      await maintainPartitions();
      partitionTimer = setInterval(() => void maintainPartitions(), 6 * 3_600_000);
      partitionTimer.unref?.();
      await feed.start();
    },
    async stop() {
      await feed.stop();
      // Released at once on a clean stop: a survivor takes the symbols without waiting for expiry.
      await leases?.stop();
      partition?.client.disconnect();
      if (minuteTimer) clearInterval(minuteTimer);
      if (partitionTimer) clearInterval(partitionTimer);
      await sink.flush();
      await rejections.stop();
      await latest?.stop();
    },
  };
}

/** The symbol leases of a partitioned instance (data_collector.partition_by_symbol), else null. */
function symbolLeasesOf(
  context: ServiceContext,
  symbols: readonly string[],
): { leases: SymbolLeases; client: RedisClient } | null {
  const { config, instance, logger, onError } = context;
  if (!config.data_collector.partition_by_symbol) return null;
  if (!instance)
    throw new AtsError(
      'CONFIG_INVALID',
      'data_collector.partition_by_symbol: each instance needs a name (ats service data-collector --instance NAME)',
    );
  const endpoint = redisEndpointOf(config);
  if (!endpoint)
    throw new AtsError('CONFIG_INVALID', 'data_collector.partition_by_symbol needs Redis (redis.url)');
  const client = connectRedis(endpoint, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  const leases = new SymbolLeases({
    client,
    keyPrefix: `${redisKeyPrefix(config.deployment.name)}leases:data-collector:`,
    instance,
    symbols,
    ttlMilliseconds: durationMilliseconds(config.data_collector.lease_ttl),
    onAcquired: (symbol) => logger.info({ instance, symbol }, 'symbol lease acquired'),
    onLost: (symbol) => logger.info({ instance, symbol }, 'symbol lease released or lost'),
    onError,
  });
  return { leases, client };
}
