// Builds the collector's storage path for tests and benchmarks: a data engine that validates raw quotes
// and aggregates minute bars, writing both through the buffered sink into a real database.
import { type Bar, defineEquity, IdGenerator, LiveClock, type MessageBus, SeededRandom } from '@ats/core';
import { DataEngine, InProcessMessageBus, type QuoteRejection } from '@ats/engine';
import { createRepositories, type Database } from '@ats/persistence';
import { BufferedMarketDataSink } from '../../wiring/buffered-market-data-sink.js';

export function collectorHarness(
  database: Database,
  symbols: readonly string[],
  bus: MessageBus = new InProcessMessageBus(),
) {
  const repositories = createRepositories(database);
  const errors: unknown[] = [];
  const rejections: QuoteRejection[] = [];
  const bars: Bar[] = [];
  const sink = new BufferedMarketDataSink({
    repository: repositories.marketData,
    maxRows: 5_000,
    maxDelayMilliseconds: 50,
    onError: (error) => errors.push(error),
  });
  const ids = new IdGenerator(new SeededRandom(7));
  const engine = new DataEngine({
    instruments: symbols.map((symbol) => defineEquity({ symbol })),
    clock: new LiveClock(),
    bus,
    ids,
    validation: { maxClockSkewMilliseconds: 5_000, outlierFraction: 0.2 },
    sink: {
      quote: (quote) => sink.quote(quote),
      bar: (bar) => {
        bars.push(bar);
        sink.bar(bar);
      },
    },
    onRejected: (rejection) => rejections.push(rejection),
  });
  return { repositories, sink, engine, bus, ids, errors, rejections, bars };
}
