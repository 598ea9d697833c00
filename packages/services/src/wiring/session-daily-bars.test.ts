// Multi-timeframe days follow the NYSE session: a daily bar built from minute bars opens at 09:30 New
// York, closes with the bar that reaches the close (16:00, or 13:00 on an early-close day), leaves
// pre- and after-market bars out, and a holiday has none; UTC days (no sessions) would differ.
import { NyseCalendar, regularSessionWindows } from '@ats/calendar';
import {
  type Bar,
  IdGenerator,
  Price,
  SeededRandom,
  type StrategyId,
  TestClock,
  type Ticker,
  toStrategyId,
} from '@ats/core';
import { InProcessMessageBus, Strategy, type StrategyContext, StrategyRuntime } from '@ats/engine';
import { describe, expect, it } from 'vitest';

const symbol = 'SPY' as Ticker;
const minute = 60_000;

/** Records each daily bar and how many minute bars it had seen when the daily bar arrived. */
class DailyWatcher extends Strategy {
  minutes = 0;
  readonly days: { bar: Bar; afterMinutes: number; lastMinute: number }[] = [];
  private lastMinute = 0;
  constructor(id: StrategyId) {
    super(id, [symbol]);
  }
  override onStart(context: StrategyContext): void {
    context.subscribeTimeframe(symbol, '1d');
  }
  override onBar(bar: Bar): void {
    if (bar.timeframe === '1d') {
      this.days.push({ bar, afterMinutes: this.minutes, lastMinute: this.lastMinute });
      return;
    }
    this.minutes++;
    this.lastMinute = bar.time;
  }
}

/** Minute bars from 08:00 to 17:59 New York (EST: UTC−5 in late November) of each date, prices rising by 0.01. */
function minuteBars(dates: readonly string[]): Bar[] {
  const bars: Bar[] = [];
  let cents = 10_000;
  for (const date of dates) {
    const eightInNewYork = Date.parse(`${date}T13:00:00Z`);
    for (let index = 0; index < 600; index++) {
      const price = Price.of((cents++ / 100).toFixed(2));
      bars.push({
        symbol,
        timeframe: '1m',
        time: eightInNewYork + index * minute,
        open: price,
        high: price,
        low: price,
        close: price,
        volume: 1,
      });
    }
  }
  return bars;
}

function run(bars: readonly Bar[], withSessions: boolean): DailyWatcher {
  const runtime = new StrategyRuntime({
    bus: new InProcessMessageBus(),
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
    ...(withSessions ? { sessions: regularSessionWindows(new NyseCalendar()) } : {}),
  });
  const watcher = new DailyWatcher(toStrategyId('daily-watcher'));
  runtime.add(watcher);
  for (const bar of bars) runtime.onBar(bar);
  return watcher;
}

describe('daily bars from minute bars on the NYSE calendar', () => {
  // Wednesday a full session, Thursday Thanksgiving (closed), Friday an early close at 13:00, Monday full.
  const dates = ['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30'];

  it('the calendar agrees: Thursday is a holiday, Friday closes at 13:00', () => {
    const calendar = new NyseCalendar();
    expect(calendar.session('2026-11-26')).toBeNull();
    expect(calendar.session('2026-11-27')).toMatchObject({
      earlyClose: true,
      close: Date.parse('2026-11-27T18:00:00Z'),
    });
  });

  it('a full day spans 09:30-16:00 New York and closes with its 15:59 bar', () => {
    const watcher = run(minuteBars(dates), true);
    const [wednesday] = watcher.days;
    expect(wednesday?.bar.time).toBe(Date.parse('2026-11-25T14:30:00Z'));
    expect(wednesday?.bar.volume).toBe(390);
    // 08:00..15:59 is 480 minute bars: the daily bar came right after the 15:59 bar, not later.
    expect(wednesday?.afterMinutes).toBe(480);
    expect(wednesday?.lastMinute).toBe(Date.parse('2026-11-25T20:59:00Z'));
    // Open is the 09:30 bar's (the 91st), close the 15:59 bar's (the 480th): a cent a minute from 100.
    expect(wednesday?.bar.open.toNumber()).toBe(100.9);
    expect(wednesday?.bar.close.toNumber()).toBe(104.79);
  });

  it('a holiday has no daily bar, and an early-close day closes at 13:00 with its 12:59 bar', () => {
    const watcher = run(minuteBars(dates), true);
    expect(watcher.days.map((day) => new Date(day.bar.time).toISOString())).toEqual([
      '2026-11-25T14:30:00.000Z',
      '2026-11-27T14:30:00.000Z',
      '2026-11-30T14:30:00.000Z',
    ]);
    const friday = watcher.days[1];
    // 09:30..12:59: 210 minutes; released after Friday's 12:59 bar (1,200 bars before Friday + 300).
    expect(friday?.bar.volume).toBe(210);
    expect(friday?.afterMinutes).toBe(1_200 + 300);
    expect(friday?.lastMinute).toBe(Date.parse('2026-11-27T17:59:00Z'));
    // Nothing of the after-market (13:00-17:59) is in it.
    expect(friday?.bar.close.toNumber()).toBe((10_000 + 1_200 + 299) / 100);
  });

  it('without sessions, days are UTC days: the holiday gets a bar and pre/after-market bars count', () => {
    const watcher = run(minuteBars(dates), false);
    const times = watcher.days.map((day) => new Date(day.bar.time).toISOString());
    expect(times).toContain('2026-11-26T00:00:00.000Z');
    expect(watcher.days[0]?.bar.volume).toBe(600);
  });
});
