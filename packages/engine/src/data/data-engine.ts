// The Data Collector's engine: validate raw quotes, publish them, aggregate bars, hand both to storage.
import {
  type Bar,
  type Clock,
  type IdGenerator,
  type Instrument,
  type MessageBus,
  type OutcomeCode,
  type Quote,
  type RawQuote,
  topics,
} from '@ats/core';
import { type EngineMetrics, type MonotonicTimer, noMetrics } from '../metrics/engine-metrics.js';
import { BarAggregator } from './bar-aggregator.js';
import { QuoteValidator, type QuoteValidationSettings } from './quote-validator.js';

/** Where accepted market data goes to be stored (a batch writer in a service; nothing in a backtest). */
export interface MarketDataSink {
  quote(quote: Quote): void;
  bar(bar: Bar): void;
}

export interface QuoteRejection {
  readonly code: OutcomeCode;
  readonly reason: string;
  readonly raw: RawQuote;
}

export interface DataEngineOptions {
  readonly instruments: readonly Instrument[];
  readonly clock: Clock;
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  readonly validation: QuoteValidationSettings;
  readonly sink?: MarketDataSink | undefined;
  readonly metrics?: EngineMetrics;
  readonly timer?: MonotonicTimer | undefined;
  /** Called for each rejected quote (the service logs and stores it). */
  readonly onRejected?: ((rejection: QuoteRejection) => void) | undefined;
  /** Called for each accepted quote after it is published (quality tracking, latest-quote cache). */
  readonly onAccepted?: (quote: Quote) => void;
}

export class DataEngine {
  private readonly validator: QuoteValidator;
  private readonly aggregator: BarAggregator;
  private readonly metrics: EngineMetrics;
  private accepted = 0;
  private tickStarted: number | undefined;
  private rejected = 0;
  private held = 0;
  private readonly lastQuoteBySymbol = new Map<string, Quote>();
  /** Topic strings built once per symbol: the bus looks them up on every publish. */
  private readonly quoteTopics = new Map<string, string>();

  constructor(private readonly options: DataEngineOptions) {
    const bySymbol = new Map(options.instruments.map((instrument) => [instrument.symbol as string, instrument]));
    this.validator = new QuoteValidator(bySymbol, options.clock, options.validation);
    this.aggregator = new BarAggregator('1m', (bar) => this.publishBar(bar));
    this.metrics = options.metrics ?? noMetrics;
  }

  /** Monotonic time the latest quote began processing (for tick-to-fill latency); undefined without a timer. */
  get lastTickStartedAt(): number | undefined {
    return this.tickStarted;
  }

  get quotesAccepted(): number {
    return this.accepted;
  }
  get quotesRejected(): number {
    return this.rejected;
  }
  /** Quotes that were held as a possible jump (each is later accepted or rejected). */
  get quotesHeld(): number {
    return this.held;
  }

  lastQuote(symbol: string): Quote | undefined {
    return this.lastQuoteBySymbol.get(symbol);
  }

  /** Takes one raw quote from a data client. Never throws for bad data: it counts and reports it. */
  ingest(raw: RawQuote): void {
    const started = this.options.timer?.now();
    this.tickStarted = started;
    const result = this.validator.validate(raw);
    if (result.discarded !== undefined) {
      for (const discarded of result.discarded) this.reject(discarded.code, discarded.reason, discarded.raw);
    }
    if (!result.ok) {
      if (result.held === true) {
        this.held++;
        this.metrics.count('quotes_held_total', { symbol: raw.symbol });
        return;
      }
      this.reject(result.code, result.reason, raw);
      return;
    }
    if (result.released !== undefined) {
      for (const quote of result.released) this.accept(quote);
    }
    this.accept(result.quote);
    if (started !== undefined && this.options.timer) {
      this.metrics.observeLatency('ingestion', this.options.timer.now() - started);
    }
  }

  private reject(code: OutcomeCode, reason: string, raw: RawQuote): void {
    this.rejected++;
    this.metrics.count('quotes_rejected_total', { reason: code });
    this.options.onRejected?.({ code, reason, raw });
  }

  private accept(quote: Quote): void {
    this.accepted++;
    this.metrics.count('quotes_received_total', { symbol: quote.symbol });
    this.lastQuoteBySymbol.set(quote.symbol, quote);
    this.options.sink?.quote(quote);
    this.aggregator.closeDue(quote.time);
    this.aggregator.add(quote);
    const now = this.options.clock.now();
    let topic = this.quoteTopics.get(quote.symbol);
    if (topic === undefined) {
      topic = topics.marketData(quote.symbol);
      this.quoteTopics.set(quote.symbol, topic);
    }
    this.options.bus.publish(topic, {
      type: 'QuoteReceived',
      id: this.options.ids.eventId(),
      occurredAt: quote.time,
      receivedAt: now,
      causationId: null,
      quote,
    });
    this.options.onAccepted?.(quote);
  }

  /** Closes bars whose period has ended (called by a timer so quiet symbols still close their bar). */
  closeDueBars(now = this.options.clock.now()): void {
    this.aggregator.closeDue(now);
  }

  private publishBar(bar: Bar): void {
    this.options.sink?.bar(bar);
    this.metrics.count('bars_closed_total', { symbol: bar.symbol });
    this.options.bus.publish(topics.bars(bar.symbol), {
      type: 'BarClosed',
      id: this.options.ids.eventId(),
      occurredAt: bar.time,
      receivedAt: this.options.clock.now(),
      causationId: null,
      bar,
    });
  }
}
