// Measures quotes per second through validation and normalization on one core (QuoteValidator: exact
// decimal parsing, checks, outlier guard), and through the whole data engine (plus bar aggregation and
// publishing on the in-process bus), over the recorded SPY ticks.
import { loadBundledSpy, ticksAsQuotes } from '@ats/adapter-files';
import { defineEquity, IdGenerator, LiveClock, type RawQuote, SeededRandom, type Ticker } from '@ats/core';
import { DataEngine, InProcessMessageBus, QuoteValidator } from '@ats/engine';
import { type BenchmarkRow, type BenchmarkSuite, formatRate, measureThroughput } from '../benchmark-row.js';

const target = 200_000;

/** The recorded SPY ticks as raw quotes, repeated day after day so times keep increasing. */
function rawQuotes(days: number): RawQuote[] {
  const spy = loadBundledSpy();
  const base = ticksAsQuotes('SPY' as Ticker, spy.ticks, spy.quoteBars).map((record) =>
    record.kind === 'quote' ? record.quote : (null as never),
  );
  const quotes: RawQuote[] = [];
  for (let day = 0; day < days; day++) {
    for (const quote of base) quotes.push({ ...quote, time: quote.time + day * 86_400_000 });
  }
  return quotes;
}

export const marketDataValidationSuite: BenchmarkSuite = {
  name: 'market-data-validation',
  async run(): Promise<readonly BenchmarkRow[]> {
    const quotes = rawQuotes(4);
    const instruments = new Map([['SPY', defineEquity({ symbol: 'SPY' })]]);
    const settings = { maxClockSkewMilliseconds: 5_000, outlierFraction: 0.2 };
    const validated = measureThroughput(quotes.length, () => {
      const validator = new QuoteValidator(instruments, new LiveClock(), settings);
      for (const quote of quotes) validator.validate(quote);
    });
    const engineRate = measureThroughput(quotes.length, () => {
      const engine = new DataEngine({
        instruments: [...instruments.values()],
        clock: new LiveClock(),
        bus: new InProcessMessageBus(),
        ids: new IdGenerator(new SeededRandom(3)),
        validation: settings,
      });
      for (const quote of quotes) engine.ingest(quote);
    });
    return [
      {
        component: 'Market Data',
        metric: 'quotes/s validated and normalized (one core)',
        target: `${formatRate(target)}`,
        measured: formatRate(validated),
        ratio: validated / target,
      },
      {
        component: 'Market Data',
        metric: 'quotes/s through the data engine (+ bars, publish)',
        target: `${formatRate(target)}`,
        measured: formatRate(engineRate),
        ratio: engineRate / target,
      },
    ];
  },
};
