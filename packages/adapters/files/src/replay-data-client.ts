// Plays recorded quotes, trades and bars as a live feed at any speed behind the DataClient port:
// speed 1 keeps the recorded gaps, 60 plays a minute per second, Infinity as fast as the consumer takes.
import {
  type Bar,
  type BarHistoryRequest,
  type DataClient,
  type DataClientCapabilities,
  type DataClientStatusEvent,
  DataClientStatusListeners,
  type HistoryPage,
  InvalidInputError,
  type MarketDataHandlers,
  type RawBar,
  type RawQuote,
  type RawTrade,
  type Ticker,
} from '@ats/core';

export type ReplayRecord =
  | { readonly kind: 'quote'; readonly time: number; readonly quote: RawQuote }
  | { readonly kind: 'trade'; readonly time: number; readonly trade: RawTrade }
  | { readonly kind: 'bar'; readonly time: number; readonly bar: RawBar };

export interface ReplayOptions {
  readonly name?: string;
  /** In time order (checked). */
  readonly records: readonly ReplayRecord[];
  /** Recorded ms per real ms; Infinity plays without waiting. */
  readonly speed: number;
  /** Bars served as history (e.g. the day's minute trade bars), for backfill after a gap. */
  readonly historyBars?: readonly Bar[];
  /** Records delivered before yielding to the event loop when playing without waits (default 500). */
  readonly burst?: number;
  readonly now?: () => number;
}

const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class ReplayDataClient implements DataClient {
  readonly name: string;
  readonly capabilities: DataClientCapabilities;
  private readonly status: DataClientStatusListeners;
  private readonly now: () => number;
  private position = 0;
  private last: number | null = null;
  private running = false;
  private generation = 0;
  private symbols = new Set<string>();
  private handlers: MarketDataHandlers = {};
  private finished: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReplayOptions) {
    if (!(options.speed > 0))
      throw new InvalidInputError('speed', 'must be a positive number or Infinity', options.speed);
    for (let index = 1; index < options.records.length; index++) {
      if ((options.records[index] as ReplayRecord).time < (options.records[index - 1] as ReplayRecord).time) {
        throw new InvalidInputError(`records[${index}].time`, 'is earlier than the record before it');
      }
    }
    this.name = options.name ?? 'replay';
    this.now = options.now ?? (() => Date.now());
    this.status = new DataClientStatusListeners(this.name, this.now);
    const has = (kind: ReplayRecord['kind']) => options.records.some((record) => record.kind === kind);
    this.capabilities = {
      streams: { quotes: has('quote'), trades: has('trade'), bars: has('bar') },
      history: {
        bars: options.historyBars && options.historyBars.length > 0 ? ['1m'] : [],
        quotes: false,
        trades: false,
      },
      rateLimit: null,
    };
  }

  /** Resolves when every record has been delivered (or the client was disconnected). */
  get done(): Promise<void> {
    return this.finished;
  }

  /** How many records have been delivered so far. */
  get delivered(): number {
    return this.position;
  }

  async connect(symbols: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    this.symbols = new Set(symbols);
    this.handlers = handlers;
    this.start();
  }

  /** A replay reconnects where it stopped: nothing is skipped or played twice. */
  async reconnect(): Promise<void> {
    this.stop('reconnecting');
    this.start();
  }

  async disconnect(): Promise<void> {
    this.stop('disconnected by the caller');
  }

  lastMessageAt(): number | null {
    return this.last;
  }

  onStatus(listener: (event: DataClientStatusEvent) => void): () => void {
    return this.status.add(listener);
  }

  async *historyBars(request: BarHistoryRequest): AsyncIterable<HistoryPage<Bar>> {
    const items = (this.options.historyBars ?? []).filter(
      (bar) =>
        bar.symbol === request.symbol &&
        bar.timeframe === request.timeframe &&
        bar.time >= request.from &&
        bar.time < request.to,
    );
    const size = request.pageSize ?? 1_000;
    for (let start = 0; start < items.length; start += size) {
      yield { source: this.name, symbol: request.symbol, items: items.slice(start, start + size) };
    }
  }

  private start(): void {
    this.running = true;
    const generation = ++this.generation;
    this.status.emit('connected');
    this.finished = this.play(generation);
  }

  private stop(reason: string): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.status.emit('disconnected', { reason });
  }

  private async play(generation: number): Promise<void> {
    const { records, speed } = this.options;
    const burst = this.options.burst ?? 500;
    const startedAt = this.now();
    const firstTime = records[this.position]?.time ?? 0;
    let sinceYield = 0;
    while (this.position < records.length && generation === this.generation) {
      const record = records[this.position] as ReplayRecord;
      if (Number.isFinite(speed)) {
        const due = startedAt + (record.time - firstTime) / speed;
        const wait = due - this.now();
        if (wait >= 1) {
          await sleep(wait);
          if (generation !== this.generation) return;
          sinceYield = 0;
        }
      }
      this.position++;
      this.deliver(record);
      if (++sinceYield >= burst) {
        sinceYield = 0;
        await yieldTurn();
      }
    }
  }

  private deliver(record: ReplayRecord): void {
    this.last = this.now();
    const { onQuote, onTrade, onBar } = this.handlers;
    if (record.kind === 'quote') {
      if (onQuote && this.symbols.has(record.quote.symbol)) onQuote(record.quote);
    } else if (record.kind === 'trade') {
      if (onTrade && this.symbols.has(record.trade.symbol)) onTrade(record.trade);
    } else if (onBar && this.symbols.has(record.bar.symbol)) {
      onBar(record.bar);
    }
  }
}
