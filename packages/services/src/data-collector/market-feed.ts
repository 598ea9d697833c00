// The Data Collector's live feed: streams from the first provider of a failover chain, watches for a
// stream that goes silent while the market trades (reconnects, then fails over to the next provider,
// recording and announcing the switch), and backfills the minute bars of the gap from history.
import {
  type Bar,
  type DataClient,
  type IdGenerator,
  type MessageBus,
  type RawQuote,
  type Ticker,
  topics,
} from '@ats/core';

const minute = 60_000;
const minuteStart = (time: number) => time - (time % minute);

export type FeedEvent =
  | { readonly kind: 'silent'; readonly provider: string; readonly silentMilliseconds: number }
  | { readonly kind: 'reconnected'; readonly provider: string }
  | { readonly kind: 'failover'; readonly from: string; readonly to: string; readonly reason: string }
  | {
      readonly kind: 'backfilled';
      readonly provider: string;
      readonly from: number;
      readonly to: number;
      readonly bars: number;
    }
  | { readonly kind: 'backfill-failed'; readonly reason: string };

export interface MarketFeedOptions {
  /** The failover chain: the first is the primary, each next one takes over when the one before fails. */
  readonly providers: readonly DataClient[];
  readonly symbols: readonly Ticker[];
  /** Where raw quotes go (the data engine). */
  readonly ingest: (quote: RawQuote) => void;
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  /** Wall clock (ms): silence is measured on it, as providers stamp `lastMessageAt` with it. */
  readonly now: () => number;
  /** Whether the symbols trade now (the exchange calendar's regular session): silence counts only then. */
  readonly isTrading: () => boolean;
  /** No message for this long while trading is a silent stream. */
  readonly silentAfterMilliseconds: number;
  /** How often the watchdog looks (default a quarter of the silence limit). */
  readonly checkEveryMilliseconds?: number;
  /** Reconnects of one provider before failing over to the next (default 1). */
  readonly reconnectsBeforeFailover?: number;
  /** Stores backfilled bars (an upsert, so a partial live bar is replaced by the complete one). */
  readonly storeBars?: (bars: readonly Bar[]) => Promise<number>;
  /** Runs before a backfill writes (closes due bars and flushes the live writer, so history wins). */
  readonly beforeBackfill?: () => Promise<void>;
  /** Records each failover durably. */
  readonly recordFailover?: (record: { from: string; to: string; reason: string }) => Promise<void>;
  readonly onEvent?: (event: FeedEvent) => void;
}

interface PendingBackfill {
  /** Start of the minute in which the last quote before the gap arrived. */
  readonly from: number;
  /** The first minute streamed after the switch; the backfill covers it once it has closed. */
  firstMinuteAfter: number | null;
}

export class MarketFeed {
  private active = 0;
  private generation = 0;
  private reconnects = 0;
  private connectedAt = 0;
  private lastQuoteTime: number | null = null;
  private pending: PendingBackfill | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private recovering = false;
  private backfilling: Promise<void> = Promise.resolve();
  private stopStatus: (() => void) | null = null;
  private switches = 0;
  /** Wall time the current trading period began (silence before the open does not count). */
  private tradingSince: number | null = null;

  constructor(private readonly options: MarketFeedOptions) {
    if (options.providers.length === 0) throw new RangeError('a market feed needs at least one provider');
  }

  /** The provider streaming now. */
  get provider(): DataClient {
    return this.options.providers[this.active] as DataClient;
  }

  /** How many times the feed failed over. */
  get failovers(): number {
    return this.switches;
  }

  /** Milliseconds since the active provider's last message (or since it connected, or trading began). */
  silentFor(): number {
    return (
      this.options.now() -
      Math.max(this.provider.lastMessageAt() ?? 0, this.connectedAt, this.tradingSince ?? 0)
    );
  }

  /** Resolves when the backfills started so far have finished. */
  settled(): Promise<void> {
    return this.backfilling;
  }

  async start(): Promise<void> {
    await this.connect(this.active);
    const every =
      this.options.checkEveryMilliseconds ?? Math.max(10, this.options.silentAfterMilliseconds / 4);
    this.watchdog = setInterval(() => void this.check(), every);
  }

  async stop(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.generation++;
    this.stopStatus?.();
    await this.provider.disconnect();
    await this.backfilling;
  }

  private async connect(index: number): Promise<void> {
    const generation = ++this.generation;
    const provider = this.options.providers[index] as DataClient;
    this.stopStatus?.();
    this.stopStatus = provider.onStatus((event) => {
      // A dropped connection is checked at once rather than at the next watchdog tick.
      if (event.status !== 'connected' && generation === this.generation) void this.check();
    });
    this.connectedAt = this.options.now();
    await provider.connect(this.options.symbols, {
      onQuote: (quote) => {
        // A provider we have left may still deliver a few messages: they are not ours any more.
        if (generation === this.generation) this.received(quote);
      },
    });
  }

  private received(quote: RawQuote): void {
    this.reconnects = 0;
    this.options.ingest(quote);
    if (Number.isFinite(quote.time) && (this.lastQuoteTime === null || quote.time > this.lastQuoteTime)) {
      this.lastQuoteTime = quote.time;
    }
    const pending = this.pending;
    if (pending === null || !Number.isFinite(quote.time)) return;
    const current = minuteStart(quote.time);
    if (pending.firstMinuteAfter === null) {
      pending.firstMinuteAfter = current;
    } else if (current > pending.firstMinuteAfter) {
      this.pending = null;
      this.backfill(pending.from, pending.firstMinuteAfter + minute);
    }
  }

  /** The watchdog: a silent stream during trading is reconnected, then failed over. */
  private async check(): Promise<void> {
    if (this.recovering) return;
    if (!this.options.isTrading()) {
      this.tradingSince = null;
      return;
    }
    // A stream is quiet overnight: silence counts from the open, not from the last message of yesterday.
    this.tradingSince ??= this.options.now();
    const silent = this.silentFor();
    const disconnected =
      this.provider.lastMessageAt() === null && silent >= this.options.silentAfterMilliseconds;
    if (silent < this.options.silentAfterMilliseconds && !disconnected) return;
    this.recovering = true;
    const provider = this.provider;
    try {
      this.options.onEvent?.({ kind: 'silent', provider: provider.name, silentMilliseconds: silent });
      this.markGap();
      const allowed = this.options.reconnectsBeforeFailover ?? 1;
      if (this.reconnects < allowed || this.options.providers.length === 1) {
        this.reconnects++;
        try {
          this.connectedAt = this.options.now();
          await provider.reconnect();
          this.options.onEvent?.({ kind: 'reconnected', provider: provider.name });
          return;
        } catch (error) {
          if (this.options.providers.length === 1) return;
          await this.failover(`reconnecting failed: ${(error as Error).message}`);
          return;
        }
      }
      await this.failover(
        `no message for ${Math.round(silent)} ms while trading, after ${this.reconnects} reconnect(s)`,
      );
    } finally {
      this.recovering = false;
    }
  }

  private async failover(reason: string): Promise<void> {
    const from = this.provider;
    const providers = this.options.providers;
    // Try each next provider in turn; the first that connects takes over.
    for (let step = 1; step <= providers.length; step++) {
      const index = (this.active + step) % providers.length;
      const to = providers[index] as DataClient;
      await from.disconnect().catch(() => {});
      try {
        await this.connect(index);
      } catch {
        continue;
      }
      this.active = index;
      this.reconnects = 0;
      this.switches++;
      await this.announce(from.name, to.name, reason);
      return;
    }
  }

  private async announce(from: string, to: string, reason: string): Promise<void> {
    this.options.onEvent?.({ kind: 'failover', from, to, reason });
    const now = this.options.now();
    this.options.bus.publish(topics.systemHealth, {
      type: 'HealthReported',
      id: this.options.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      service: 'data-collector',
      status: 'degraded',
      detail: `market data failed over from ${from} to ${to}: ${reason}`,
    });
    await this.options.recordFailover?.({ from, to, reason }).catch((error: unknown) => {
      this.options.onEvent?.({
        kind: 'backfill-failed',
        reason: `recording the failover failed: ${String(error)}`,
      });
    });
  }

  private markGap(): void {
    if (this.pending === null && this.lastQuoteTime !== null) {
      this.pending = { from: minuteStart(this.lastQuoteTime), firstMinuteAfter: null };
    }
  }

  /** Fetches [from, to) minute bars of every symbol from a provider with history and stores them. */
  private backfill(from: number, to: number): void {
    const store = this.options.storeBars;
    if (!store) return;
    this.backfilling = this.backfilling.then(async () => {
      const source =
        [this.provider, ...this.options.providers].find(
          (provider) =>
            provider.historyBars !== undefined && provider.capabilities.history.bars.includes('1m'),
        ) ?? null;
      if (source === null || source.historyBars === undefined) {
        this.options.onEvent?.({
          kind: 'backfill-failed',
          reason: 'no provider in the chain has 1m bar history',
        });
        return;
      }
      try {
        await this.options.beforeBackfill?.();
        let written = 0;
        for (const symbol of this.options.symbols) {
          const bars: Bar[] = [];
          for await (const page of source.historyBars({ symbol, timeframe: '1m', from, to }))
            bars.push(...page.items);
          if (bars.length > 0) written += await store(bars);
        }
        this.options.onEvent?.({ kind: 'backfilled', provider: source.name, from, to, bars: written });
      } catch (error) {
        this.options.onEvent?.({ kind: 'backfill-failed', reason: (error as Error).message });
      }
    });
  }
}
