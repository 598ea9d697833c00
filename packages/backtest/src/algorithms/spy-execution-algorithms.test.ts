// Execution algorithms on real SPY minute bars (January and March 2011) through the backtest venue's
// fill engine: VWAP tracks the day's interval VWAP, TWAP stays within a slice of its schedule, POV in
// its band, and an iceberg never shows more than its display size.
import { intervalVwap, intradayVolumeProfile } from '@ats/analytics';
import { type Bar, Money, type OrderFilled, type PlatformEvent } from '@ats/core';
import { type AlgorithmParameters, TwapAlgorithm } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { runAlgorithmBacktest } from '../algorithm-backtest.js';
import { regularSessions, sessionOf, spy, spyMinuteBars } from './spy-minute-fixture.js';

const january = spyMinuteBars('2011-01');
const march = spyMinuteBars('2011-03');
const marchDays = [...regularSessions(march).values()];
const minute = 60_000;

const common = { limitPrice: null, lotSize: 100, minChildQuantity: 100, maxParticipation: null, seed: 7 };

function averagePrice(fills: readonly OrderFilled[]): number {
  let notional = 0;
  let quantity = 0;
  for (const fill of fills) {
    notional += fill.lastPrice.toNumber() * fill.lastQuantity.value;
    quantity += fill.lastQuantity.value;
  }
  return notional / quantity;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

describe('VWAP on SPY minute bars', () => {
  it('buys 5% of each March 2011 day volume within 5 bps of the day interval VWAP on most days, with a profile from January stored history', async () => {
    const profile = intradayVolumeProfile(
      'SPY',
      january,
      sessionOf,
      'SPY January 2011 (PyAlgoTrade NinjaTrader export)',
    );
    expect(profile.sessions).toBe(20);
    expect(profile.shares).toHaveLength(390);
    const parents = marchDays.map(({ session, bars }) => {
      const dayVolume = bars.reduce((sum, bar) => sum + bar.volume, 0);
      const parameters: AlgorithmParameters = {
        kind: 'VWAP',
        ...common,
        startAt: session.open,
        endAt: session.close,
        profile: profile.shares,
        sessionOpen: session.open,
        profileSource: profile.source,
      };
      return {
        id: `vwap-${session.date}`,
        accountId: 'algorithm-backtest',
        strategyId: 'vwap-test',
        symbol: 'SPY',
        side: 'BUY' as const,
        quantity: Math.round((0.05 * dayVolume) / 100) * 100,
        parameters,
        submitAt: session.open,
      };
    });
    // One run over the whole month, regular hours only; each day's parent starts at its open.
    const bars = marchDays.flatMap((day) => day.bars);
    const result = await runAlgorithmBacktest({
      instruments: [spy],
      parents,
      events: bars.map((bar) => ({ kind: 'bar' as const, bar })),
      startingCash: Money.of('100000000000'),
    });
    const rows: { date: string; slippageBps: number; filled: number; quantity: number }[] = [];
    for (const [index, { session, bars: dayBars }] of marchDays.entries()) {
      const parent = result.parents[index];
      const childIds = new Set(parent?.children.keys());
      const fills = result.fills.filter((fill) => childIds.has(fill.orderId));
      const vwap = intervalVwap(dayBars, session.open, session.close) as number;
      const slippageBps = ((averagePrice(fills) - vwap) / vwap) * 10_000;
      rows.push({
        date: session.date,
        slippageBps,
        filled: parent?.filled ?? 0,
        quantity: parent?.spec.quantity ?? 0,
      });
    }
    const absolute = rows.map((row) => Math.abs(row.slippageBps)).sort((a, b) => a - b);
    const within = absolute.filter((bps) => bps <= 5).length;
    console.log(
      [
        'VWAP vs interval VWAP, SPY March 2011 (buy 5% of day volume, profile from January):',
        ...rows.map(
          (row) =>
            `  ${row.date}  ${row.slippageBps >= 0 ? ' ' : ''}${row.slippageBps.toFixed(2)} bps  filled ${row.filled}/${row.quantity}`,
        ),
        `  |slippage| median ${percentile(absolute, 0.5).toFixed(2)} bps, p90 ${percentile(absolute, 0.9).toFixed(2)} bps, max ${(absolute[absolute.length - 1] as number).toFixed(2)} bps; within 5 bps on ${within} of ${rows.length} days`,
      ].join('\n'),
    );
    expect(rows).toHaveLength(23);
    for (const row of rows) expect(row.filled).toBe(row.quantity);
    expect(within).toBeGreaterThan(rows.length / 2);
  });
});

describe('TWAP, POV and Iceberg on SPY minute bars', () => {
  const { session, bars } = marchDays[3] as {
    session: { open: number; close: number; date: string };
    bars: Bar[];
  };

  it('keeps TWAP fills within one slice of its schedule, its children at seeded random moments inside their slices', async () => {
    const parameters: AlgorithmParameters = {
      kind: 'TWAP',
      ...common,
      startAt: session.open + 30 * minute,
      endAt: session.open + 150 * minute,
      slices: 12,
      randomization: 0.8,
    };
    const quantity = 60_000;
    const result = await runAlgorithmBacktest({
      instruments: [spy],
      parents: [
        {
          id: 'twap',
          accountId: 'x',
          strategyId: 'twap-test',
          symbol: 'SPY',
          side: 'SELL',
          quantity,
          parameters,
          submitAt: session.open,
        },
      ],
      events: bars.map((bar) => ({ kind: 'bar' as const, bar })),
    });
    const parent = result.parents[0];
    expect(parent?.filled).toBe(quantity);
    expect(parent?.status).toBe('completed');
    const schedule = new TwapAlgorithm(parameters, quantity);
    const slice = (parameters.endAt - parameters.startAt) / parameters.slices;
    let filled = 0;
    for (const fill of result.fills) {
      filled += fill.lastQuantity.value;
      // Never ahead of the schedule, never behind it by more than one slice.
      expect(filled).toBeLessThanOrEqual(schedule.target(fill.occurredAt));
      expect(filled).toBeGreaterThanOrEqual(schedule.target(fill.occurredAt - slice));
    }
    const sliceTimes = Array.from(
      { length: 12 },
      (_, index) => schedule.sliceTime(index) - parameters.startAt - index * slice,
    );
    expect(new Set(sliceTimes).size).toBeGreaterThan(6); // randomized, not on the slice boundaries
  });

  it('keeps POV within its participation band of the volume seen', async () => {
    const parameters: AlgorithmParameters = {
      kind: 'POV',
      ...common,
      startAt: session.open + 10 * minute,
      endAt: session.open + 200 * minute,
      targetRate: 0.1,
      minRate: 0.08,
      maxRate: 0.12,
    };
    const quantity = 100_000_000;
    const window = bars.filter((bar) => bar.time < parameters.endAt + 5 * minute);
    const result = await runAlgorithmBacktest({
      instruments: [spy],
      parents: [
        {
          id: 'pov',
          accountId: 'x',
          strategyId: 'pov-test',
          symbol: 'SPY',
          side: 'BUY',
          quantity,
          parameters,
          submitAt: session.open,
        },
      ],
      events: window.map((bar) => ({ kind: 'bar' as const, bar })),
      startingCash: Money.of('100000000000'),
    });
    // Walk the bars: volume seen since the start against the parent's fills by each bar's end.
    let seen = 0;
    let seenBefore = 0;
    let checked = 0;
    for (const bar of window) {
      const end = bar.time + minute;
      if (bar.time < parameters.startAt || end > parameters.endAt) continue;
      seenBefore = seen;
      seen += bar.volume;
      const filled = result.fills
        .filter((fill) => fill.occurredAt <= end)
        .reduce((sum, fill) => sum + fill.lastQuantity.value, 0);
      expect(filled).toBeLessThanOrEqual(parameters.maxRate * seen);
      // Children fill at the next bar's open: the floor applies to the volume up to the previous bar.
      expect(filled).toBeGreaterThanOrEqual(parameters.minRate * seenBefore - parameters.lotSize);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(result.parents[0]?.status).toBe('canceled'); // the end time stopped it short of its quantity
  });

  it('never shows more than the iceberg display size, refreshing as each part fills', async () => {
    const low = Math.min(...bars.slice(0, 120).map((bar) => bar.low.toNumber()));
    const open = (bars[0] as Bar).open.toNumber();
    const limitPrice = Number(((low + open) / 2).toFixed(2));
    const parameters: AlgorithmParameters = {
      kind: 'ICEBERG',
      ...common,
      limitPrice,
      startAt: session.open,
      endAt: session.close,
      displayQuantity: 2_000,
      displayRandomization: 0.4,
    };
    const result = await runAlgorithmBacktest({
      instruments: [spy],
      parents: [
        {
          id: 'iceberg',
          accountId: 'x',
          strategyId: 'iceberg-test',
          symbol: 'SPY',
          side: 'BUY',
          quantity: 30_000,
          parameters,
          submitAt: session.open,
        },
      ],
      events: bars.map((bar) => ({ kind: 'bar' as const, bar })),
    });
    const leaves = new Map<string, number>();
    let maxShown = 0;
    const terminal = new Set([
      'OrderFilled',
      'OrderCanceled',
      'OrderExpired',
      'OrderRejected',
      'OrderDenied',
    ]);
    for (const event of result.orderEvents as (PlatformEvent & { orderId?: string })[]) {
      if (event.type === 'OrderInitialized') leaves.set(event.orderId, event.quantity.value);
      else if (event.type === 'OrderFilled')
        leaves.set(event.orderId, (leaves.get(event.orderId) ?? 0) - event.lastQuantity.value);
      else if (terminal.has(event.type) && event.orderId) leaves.set(event.orderId, 0);
      const shown = [...leaves.values()].reduce((sum, quantity) => sum + quantity, 0);
      maxShown = Math.max(maxShown, shown);
    }
    const parent = result.parents[0];
    expect(parent?.children.size).toBeGreaterThan(5);
    expect(maxShown).toBeLessThanOrEqual(2_000);
    const sizes = [...(parent?.children.values() ?? [])].map((child) => child.quantity);
    expect(new Set(sizes).size).toBeGreaterThan(1); // the shown size is randomized
    for (const fill of result.fills) expect(fill.lastPrice.toNumber()).toBeLessThanOrEqual(limitPrice);
  });
});
