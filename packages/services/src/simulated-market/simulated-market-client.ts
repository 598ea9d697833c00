// A simulated market: seeded, realistic intraday quotes with bid/ask and sizes during market hours.
import type {
  DataClient,
  DataClientCapabilities,
  DataClientStatusEvent,
  MarketDataHandlers,
  RawQuote,
  Ticker,
} from '@ats/core';
import { DataClientStatusListeners, SeededRandom } from '@ats/core';
import type { SimulationClock } from './simulation-clock.js';

export interface SimulatedInstrument {
  readonly symbol: Ticker;
  readonly initialPrice: number;
  readonly dailyVolatility: number;
  /** Tick size as a number, for rounding quotes. */
  readonly tickSize: number;
}

/** When the simulated exchange is open: the exchange calendar's regular session. */
export interface MarketHours {
  isOpen(time: number): boolean;
  /** The next open at or after `time`. */
  nextOpen(time: number): number;
}

export interface SimulatedMarketOptions {
  readonly instruments: readonly SimulatedInstrument[];
  readonly clock: SimulationClock;
  readonly hours: MarketHours;
  readonly seed: number;
  /** Market milliseconds between two quotes of one symbol. */
  readonly quoteIntervalMilliseconds: number;
  /** Prices to start from (the last stored price of each symbol after a restart). */
  readonly startingPrices?: ReadonlyMap<string, number>;
}

const regularSessionMilliseconds = 6.5 * 3_600_000;

interface SymbolState {
  readonly instrument: SimulatedInstrument;
  price: number;
  /** A slowly changing drift, so trends form and fade the way intraday prices do. */
  drift: number;
}

/**
 * Prices follow a geometric random walk with a mean-reverting drift regime; the spread is one to three
 * ticks, sizes come in round lots. Quotes are stamped with market time and only sent while the
 * market is open; at the close the clock jumps to the next open.
 */
export class SimulatedMarketClient implements DataClient {
  readonly name = 'simulated';
  readonly capabilities: DataClientCapabilities = {
    streams: { quotes: true, trades: false, bars: false },
    history: { bars: [], quotes: false, trades: false },
    rateLimit: null,
  };
  private readonly status = new DataClientStatusListeners('simulated');
  private symbols: readonly Ticker[] = [];
  private handlers: MarketDataHandlers = {};
  private readonly random: SeededRandom;
  private readonly states: SymbolState[];
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastMessage: number | null = null;
  private onQuote: (quote: RawQuote) => void = () => {};
  private lastTime = 0;

  constructor(private readonly options: SimulatedMarketOptions) {
    this.random = new SeededRandom(options.seed);
    this.states = options.instruments.map((instrument) => ({
      instrument,
      price: options.startingPrices?.get(instrument.symbol) ?? instrument.initialPrice,
      drift: 0,
    }));
  }

  async connect(symbols: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.symbols = symbols;
    this.handlers = handlers;
    const wanted = new Set<string>(symbols);
    const onQuote = handlers.onQuote;
    this.onQuote = (quote) => {
      if (onQuote && wanted.has(quote.symbol)) onQuote(quote);
    };
    const realInterval = Math.max(1, this.options.quoteIntervalMilliseconds / this.options.clock.speed);
    this.timer = setInterval(() => this.step(), realInterval);
    this.status.emit('connected');
  }

  async reconnect(): Promise<void> {
    await this.disconnect();
    await this.connect(this.symbols, this.handlers);
  }

  async disconnect(): Promise<void> {
    const wasConnected = this.timer !== null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (wasConnected) this.status.emit('disconnected', { reason: 'disconnect requested' });
  }

  onStatus(listener: (event: DataClientStatusEvent) => void): () => void {
    return this.status.add(listener);
  }

  lastMessageAt(): number | null {
    return this.lastMessage;
  }

  /** Emits one quote per symbol at the current market time (called by the interval timer). */
  step(): void {
    const { clock, hours } = this.options;
    let now = clock.now();
    if (!hours.isOpen(now)) {
      clock.jumpTo(hours.nextOpen(now));
      now = clock.now();
      if (!hours.isOpen(now)) return;
    }
    // Quotes of one step share a time; never go back in time even if the clock is coarse.
    if (now <= this.lastTime) now = this.lastTime + 1;
    this.lastTime = now;
    const stepFraction = this.options.quoteIntervalMilliseconds / regularSessionMilliseconds;
    for (const state of this.states) this.onQuote(this.nextQuote(state, now, stepFraction));
    this.lastMessage = Date.now();
  }

  private nextQuote(state: SymbolState, time: number, stepFraction: number): RawQuote {
    const random = this.random;
    const { instrument } = state;
    const sigma = instrument.dailyVolatility * Math.sqrt(stepFraction);
    state.drift = state.drift * 0.995 + random.nextGaussian() * sigma * 0.05;
    state.price *= Math.exp(state.drift + sigma * random.nextGaussian());
    const tick = instrument.tickSize;
    const last = Math.max(tick, Math.round(state.price / tick) * tick);
    const spreadTicks = 1 + Math.floor(random.next() * 3);
    const bid = Math.max(tick, last - Math.floor(spreadTicks / 2) * tick - tick * (spreadTicks % 2));
    const ask = bid + spreadTicks * tick;
    const lot = 100;
    return {
      symbol: instrument.symbol,
      time,
      bid: bid.toFixed(4),
      ask: ask.toFixed(4),
      bidSize: lot * (1 + Math.floor(random.next() * 20)),
      askSize: lot * (1 + Math.floor(random.next() * 20)),
      last: last.toFixed(4),
      volume: lot * Math.floor(random.next() * 50),
      source: this.name,
    };
  }
}
