// The Data Collector's wiring, used alike in one process and in its own: the first streaming provider
// of data.providers (the simulated market by default) feeds the data engine, which validates, stores
// (batched) and publishes quotes and closed bars.
import { performance } from 'node:perf_hooks';
import { DataEngine } from '@ats/engine';
import { DataCollectorModule } from '../data-collector/data-collector-module.js';
import type { SimulatedMarket } from '../simulated-market/simulated-market-of.js';
import { BufferedMarketDataSink } from '../wiring/buffered-market-data-sink.js';
import { instrumentsOf } from '../wiring/config-mapping.js';
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
  const { config, bus, repositories, metrics, ids, logger, onError } = context;
  const { clock } = simulated;
  const market = streamingClientOf(dataClientsOf(config, simulated));
  const instruments = instrumentsOf(config);
  const symbols = instruments.map((instrument) => instrument.symbol);
  const sink = new BufferedMarketDataSink({
    repository: repositories.marketData,
    maxRows: 5_000,
    maxDelayMilliseconds: 250,
    onError,
  });
  const data = new DataEngine({
    instruments,
    clock,
    bus,
    ids,
    metrics,
    timer: performance,
    sink,
    validation: {
      maxClockSkewMilliseconds: config.market.max_clock_skew_ms,
      outlierFraction: config.market.outlier_fraction,
    },
    onRejected: (rejection) => logger.warn({ code: rejection.code, quote: rejection.raw }, rejection.reason),
  });
  let minuteTimer: ReturnType<typeof setInterval> | null = null;
  return {
    data,
    market: simulated,
    module: new DataCollectorModule({
      data,
      symbols,
      repository: repositories.marketData,
      metrics,
      lastMessageAt: () => market.lastMessageAt(),
      staleAfterMilliseconds: 10_000,
      now: () => Date.now(),
    }),
    async start() {
      // Bars of quiet symbols close on time; checked four times per market minute.
      minuteTimer = setInterval(
        () => data.closeDueBars(clock.now()),
        Math.max(50, 60_000 / config.market.speed / 4),
      );
      await market.connect(symbols, { onQuote: (quote) => data.ingest(quote) });
    },
    async stop() {
      await market.disconnect();
      if (minuteTimer) clearInterval(minuteTimer);
      await sink.flush();
    },
  };
}
