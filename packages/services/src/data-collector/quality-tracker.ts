// Tracks each symbol's market data quality per provider as it arrives: quotes received and refused (by
// reason), minute bars built against the minutes the exchange calendar says the symbol traded, silence.
import type { MarketCalendar } from '@ats/calendar';
import type { Bar, RawQuote } from '@ats/core';
import { type QualityScore, qualityScore } from './quality-score.js';

const minute = 60_000;

interface Counts {
  received: number;
  rejected: number;
  lastMessageAt: number | null;
  readonly rejectedBy: Map<string, number>;
}

export interface SymbolQuality extends QualityScore {
  readonly symbol: string;
  readonly provider: string;
  readonly received: number;
  readonly rejected: number;
  readonly rejectedBy: Readonly<Record<string, number>>;
  readonly expectedBars: number;
  readonly receivedBars: number;
  readonly silentMilliseconds: number | null;
}

export interface QualityTrackerOptions {
  readonly calendar: MarketCalendar;
  /** Wall clock for silence. */
  readonly now: () => number;
  /** Market time (the data's clock: the wall clock live, the replay's time in a replay). */
  readonly marketNow: () => number;
  readonly silentAfterMilliseconds: number;
}

export class QualityTracker {
  private readonly counts = new Map<string, Counts>();
  /** Distinct minute starts with a bar, per symbol (any provider: the stored series is per symbol). */
  private readonly barMinutes = new Map<string, Set<number>>();
  /** Market time of the first message per symbol: completeness counts from there. */
  private readonly observedFrom = new Map<string, number>();

  constructor(private readonly options: QualityTrackerOptions) {}

  received(raw: RawQuote): void {
    const entry = this.entry(String(raw.symbol), raw.source ?? 'unknown');
    entry.received++;
    entry.lastMessageAt = this.options.now();
    if (!this.observedFrom.has(raw.symbol) && Number.isFinite(raw.time))
      this.observedFrom.set(raw.symbol, raw.time);
  }

  rejected(raw: RawQuote, code: string): void {
    const entry = this.entry(String(raw.symbol), raw.source ?? 'unknown');
    entry.rejected++;
    entry.rejectedBy.set(code, (entry.rejectedBy.get(code) ?? 0) + 1);
  }

  barClosed(bar: Bar): void {
    if (bar.timeframe !== '1m') return;
    let minutes = this.barMinutes.get(bar.symbol);
    if (!minutes) {
      minutes = new Set();
      this.barMinutes.set(bar.symbol, minutes);
    }
    minutes.add(bar.time);
  }

  /** Regular-session minutes from the first message to the last whole minute of market time. */
  expectedMinutes(symbol: string): number[] {
    const from = this.observedFrom.get(symbol);
    if (from === undefined) return [];
    const until = this.options.marketNow() - (this.options.marketNow() % minute);
    const calendar = this.options.calendar;
    const minutes: number[] = [];
    for (const session of calendar.sessionsBetween(calendar.localDate(from), calendar.localDate(until))) {
      const start = Math.max(session.open, from - (from % minute));
      for (let time = start; time < Math.min(session.close, until); time += minute) minutes.push(time);
    }
    return minutes;
  }

  report(): SymbolQuality[] {
    const now = this.options.now();
    const trading = this.options.calendar.phaseAt(this.options.marketNow()) === 'regular';
    const rows: SymbolQuality[] = [];
    for (const [key, counts] of this.counts) {
      const [symbol = '', provider = ''] = key.split('\u0000');
      const expected = this.expectedMinutes(symbol);
      const built = this.barMinutes.get(symbol);
      const receivedBars = built ? expected.filter((time) => built.has(time)).length : 0;
      const silentMilliseconds = counts.lastMessageAt === null ? null : now - counts.lastMessageAt;
      const score = qualityScore({
        received: counts.received,
        rejected: counts.rejected,
        expectedBars: expected.length,
        receivedBars,
        silentMilliseconds,
        silentAfterMilliseconds: this.options.silentAfterMilliseconds,
        trading,
      });
      rows.push({
        symbol,
        provider,
        received: counts.received,
        rejected: counts.rejected,
        rejectedBy: Object.fromEntries(counts.rejectedBy),
        expectedBars: expected.length,
        receivedBars,
        silentMilliseconds,
        ...score,
      });
    }
    return rows.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.provider.localeCompare(b.provider));
  }

  private entry(symbol: string, provider: string): Counts {
    const key = `${symbol}\u0000${provider}`;
    let entry = this.counts.get(key);
    if (!entry) {
      entry = { received: 0, rejected: 0, lastMessageAt: null, rejectedBy: new Map() };
      this.counts.set(key, entry);
    }
    return entry;
  }
}
