// Multi-timeframe strategies: 5m, 1h and 1d bars built from the same 1-minute bars, each visible
// only once closed: no higher bar and no indicator on one ever reflects a bar not yet delivered.
import {
  type Bar,
  IdGenerator,
  Price,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  type Timeframe,
  timeframeMilliseconds,
} from '@ats/core';
import { SimpleMovingAverage } from '@ats/indicators';
import { describe, expect, it } from 'vitest';
import { InProcessMessageBus } from '../bus/in-process-message-bus.js';
import { Strategy } from './strategy.js';
import type { StrategyContext } from './strategy-context.js';
import { StrategyRuntime } from './strategy-runtime.js';

const symbol = 'SPY' as Ticker;
const minute = 60_000;

/** Minute bars of a random walk; `sessions` of 390 minutes starting 14:30 UTC on consecutive days. */
function minuteBars(sessions: number, seed: number): Bar[] {
  const random = new SeededRandom(seed);
  const bars: Bar[] = [];
  let price = 100;
  for (let day = 0; day < sessions; day++) {
    const open = Date.UTC(2024, 0, 2 + day, 14, 30);
    for (let index = 0; index < 390; index++) {
      const next = Math.max(1, price * (1 + (random.next() - 0.5) * 0.004));
      const high = Math.max(price, next) * (1 + random.next() * 0.001);
      const low = Math.min(price, next) * (1 - random.next() * 0.001);
      bars.push({
        symbol,
        timeframe: '1m',
        time: open + index * minute,
        open: Price.of(price.toFixed(4)),
        high: Price.of(high.toFixed(4)),
        low: Price.of(low.toFixed(4)),
        close: Price.of(next.toFixed(4)),
        volume: 100 + Math.floor(random.next() * 100),
      });
      price = next;
    }
  }
  return bars;
}

interface Seen {
  readonly bar: Bar;
  /** The latest 1-minute bar delivered before this call (the strategy's "now"). */
  readonly lastMinute: Bar | undefined;
  readonly hourlyAverage: number | null;
}

class Recorder extends Strategy {
  readonly seen: Seen[] = [];
  private lastMinute: Bar | undefined;
  private hourly!: SimpleMovingAverage;
  constructor(private readonly frames: readonly Timeframe[]) {
    super('mtf' as StrategyId, [symbol]);
  }
  override onStart(context: StrategyContext): void {
    for (const frame of this.frames) context.subscribeTimeframe(symbol, frame);
    this.hourly = context.registerIndicator(symbol, new SimpleMovingAverage(3), 'close', '1h');
  }
  override onBar(bar: Bar): void {
    if (bar.timeframe === '1m') this.lastMinute = bar;
    this.seen.push({
      bar,
      lastMinute: this.lastMinute,
      hourlyAverage: this.hourly.ready ? this.hourly.value : null,
    });
  }
}

function run(frames: readonly Timeframe[], bars: readonly Bar[]): Recorder {
  const runtime = new StrategyRuntime({
    bus: new InProcessMessageBus(),
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
  });
  const recorder = new Recorder(frames);
  runtime.add(recorder);
  for (const bar of bars) runtime.onBar(bar);
  return recorder;
}

describe('multi-timeframe bars', () => {
  const bars = minuteBars(3, 5);
  const recorder = run(['5m', '1h', '1d'], bars);

  it('builds each higher bar from exactly the minute bars of its period', () => {
    for (const frame of ['5m', '1h', '1d'] as const) {
      const length = timeframeMilliseconds(frame);
      const higher = recorder.seen.filter((entry) => entry.bar.timeframe === frame).map((entry) => entry.bar);
      expect(higher.length).toBeGreaterThan(0);
      for (const bar of higher) {
        const members = bars.filter(
          (minuteBar) => minuteBar.time >= bar.time && minuteBar.time < bar.time + length,
        );
        expect(bar.open.raw).toBe(members[0]?.open.raw);
        expect(bar.close.raw).toBe(members[members.length - 1]?.close.raw);
        expect(bar.high.raw).toBe(Math.max(...members.map((member) => member.high.raw)));
        expect(bar.low.raw).toBe(Math.min(...members.map((member) => member.low.raw)));
        expect(bar.volume).toBe(members.reduce((sum, member) => sum + member.volume, 0));
      }
    }
    // 3 sessions of 390 minutes: 78 five-minute bars each; 1h bars 14:00 (half), 15..20 (six full,
    // the 20:00 one ends at 21:00 with the session); daily bars of the first two days (the third
    // is still open at the end of the data: never released).
    expect(recorder.seen.filter((entry) => entry.bar.timeframe === '5m')).toHaveLength(3 * 78);
    expect(recorder.seen.filter((entry) => entry.bar.timeframe === '1h')).toHaveLength(3 * 7);
    expect(recorder.seen.filter((entry) => entry.bar.timeframe === '1d')).toHaveLength(2);
  });

  it('never shows a higher bar before every minute of it was delivered (no look-ahead)', () => {
    for (const entry of recorder.seen) {
      if (entry.bar.timeframe === '1m') continue;
      const length = timeframeMilliseconds(entry.bar.timeframe);
      // The last minute delivered is the period's last minute, or a later one (after a gap).
      const last = entry.lastMinute as Bar;
      const periodMinutes = bars.filter(
        (bar) => bar.time >= entry.bar.time && bar.time < entry.bar.time + length,
      );
      expect(last.time).toBeGreaterThanOrEqual((periodMinutes[periodMinutes.length - 1] as Bar).time);
      // ...and nothing after the period's end is in the bar.
      expect(entry.bar.close.raw).toBe((periodMinutes[periodMinutes.length - 1] as Bar).close.raw);
    }
  });

  it('releases a daily bar before the next session’s first minute, once the session has ended', () => {
    const index = recorder.seen.findIndex((entry) => entry.bar.timeframe === '1d');
    const daily = recorder.seen[index] as Seen;
    const next = recorder.seen[index + 1] as Seen;
    expect(daily.lastMinute?.time).toBe(Date.UTC(2024, 0, 2, 20, 59));
    expect(next.bar.timeframe).toBe('1m');
    expect(next.bar.time).toBe(Date.UTC(2024, 0, 3, 14, 30));
  });

  it('feeds an indicator on a higher timeframe only with closed bars of it', () => {
    const hourlyCloses: number[] = [];
    for (const entry of recorder.seen) {
      if (entry.bar.timeframe === '1h') hourlyCloses.push(entry.bar.close.toNumber());
      const expected =
        hourlyCloses.length >= 3 ? hourlyCloses.slice(-3).reduce((a, b) => a + b, 0) / 3 : null;
      if (expected === null) expect(entry.hourlyAverage).toBeNull();
      else expect(entry.hourlyAverage).toBeCloseTo(expected, 9);
    }
  });

  it('gives the same higher bars whatever else is subscribed (built from the same data)', () => {
    const alone = run(['1h'], bars).seen.filter((entry) => entry.bar.timeframe === '1h');
    expect(alone.map((entry) => entry.bar)).toEqual(
      recorder.seen.filter((entry) => entry.bar.timeframe === '1h').map((entry) => entry.bar),
    );
  });
});
