// A backtest over a universe of symbols that enter and leave on their data's first and last dates,
// corporate actions applied, with results per symbol beside the portfolio's.
import {
  type AdjustmentMode,
  adjustBars,
  type Bar,
  type CorporateAction,
  Money,
  Position,
  Price,
  Quantity,
  type Ticker,
} from '@ats/core';
import type { Strategy } from '@ats/engine';
import { type BacktestConfig, type BacktestResult, runBacktest } from './backtest-runner.js';

/** Each symbol's membership: it is in the universe from its first bar to its last, no longer. */
export interface UniverseMember {
  readonly symbol: Ticker;
  readonly firstTime: number;
  readonly lastTime: number;
  readonly bars: number;
  /** The time of its next-to-last bar when its data ends before the run's (a delisting), else null. */
  readonly exitTime: number | null;
}

export interface UniverseBacktestConfig extends Omit<BacktestConfig, 'bars' | 'strategies'> {
  /** Raw bars per symbol, each sorted by time; delisted symbols included (no survivorship bias). */
  readonly bars: ReadonlyMap<Ticker, readonly Bar[]>;
  /** Splits and dividends of any symbol; applied to its bars before the run. */
  readonly corporateActions?: readonly CorporateAction[];
  /** `all` (default): splits and dividends (total return); `split`; or `raw`. */
  readonly adjustment?: AdjustmentMode;
  /** Builds the strategies, given the universe's membership. */
  readonly strategies: (members: ReadonlyMap<Ticker, UniverseMember>) => readonly Strategy[];
}

/** What one symbol contributed. PnL is realized, net of commissions, plus the open position marked. */
export interface SymbolResult {
  readonly symbol: string;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly delisted: boolean;
  readonly bars: number;
  readonly fills: number;
  readonly roundTrips: number;
  readonly commissions: string;
  readonly realizedPnl: string;
  /** Shares held at the end (0 for a delisted symbol sold before its last bar closed). */
  readonly finalQuantity: number;
  readonly netPnl: string;
}

export interface UniverseBacktestResult extends BacktestResult {
  readonly members: number;
  readonly delisted: number;
  readonly corporateActionsApplied: number;
  readonly perSymbol: readonly SymbolResult[];
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);

export function universeMembers(bars: ReadonlyMap<Ticker, readonly Bar[]>): Map<Ticker, UniverseMember> {
  let end = Number.NEGATIVE_INFINITY;
  for (const series of bars.values()) {
    const last = series[series.length - 1];
    if (last && last.time > end) end = last.time;
  }
  const members = new Map<Ticker, UniverseMember>();
  for (const [symbol, series] of bars) {
    const first = series[0];
    const last = series[series.length - 1];
    if (!first || !last) throw new RangeError(`universe: ${symbol} has no bars`);
    const beforeLast = series[series.length - 2];
    members.set(symbol, {
      symbol,
      firstTime: first.time,
      lastTime: last.time,
      bars: series.length,
      exitTime: last.time < end && beforeLast ? beforeLast.time : null,
    });
  }
  return members;
}

export function runUniverseBacktest(config: UniverseBacktestConfig): UniverseBacktestResult {
  const mode = config.adjustment ?? 'all';
  const actionsBySymbol = new Map<string, CorporateAction[]>();
  for (const action of config.corporateActions ?? []) {
    if (!config.bars.has(action.symbol))
      throw new RangeError(`universe: a corporate action names ${action.symbol}, which has no bars`);
    const list = actionsBySymbol.get(action.symbol) ?? [];
    list.push(action);
    actionsBySymbol.set(action.symbol, list);
  }
  let applied = 0;
  const adjusted = new Map<Ticker, readonly Bar[]>();
  for (const [symbol, series] of config.bars) {
    const actions = actionsBySymbol.get(symbol);
    if (!actions || mode === 'raw') {
      adjusted.set(symbol, series);
      continue;
    }
    const first = series[0]?.time ?? Number.POSITIVE_INFINITY;
    const last = series[series.length - 1]?.time ?? Number.NEGATIVE_INFINITY;
    applied += actions.filter(
      (action) =>
        action.exDate > first && action.exDate <= last && (mode === 'all' || action.kind === 'split'),
    ).length;
    adjusted.set(symbol, adjustBars(series, actions, mode));
  }
  const members = universeMembers(adjusted);
  const { bars: _bars, corporateActions: _actions, adjustment: _mode, strategies, ...rest } = config;
  const result = runBacktest({ ...rest, bars: adjusted, strategies: () => strategies(members) });
  return {
    ...result,
    members: members.size,
    delisted: [...members.values()].filter((member) => member.exitTime !== null).length,
    corporateActionsApplied: applied,
    perSymbol: perSymbolResults(result, members, adjusted),
  };
}

function perSymbolResults(
  result: BacktestResult,
  members: ReadonlyMap<Ticker, UniverseMember>,
  bars: ReadonlyMap<Ticker, readonly Bar[]>,
): SymbolResult[] {
  const positions = new Map<string, { position: Position; fills: number; trips: number }>();
  for (const fill of result.fills) {
    let state = positions.get(fill.symbol);
    if (!state) {
      state = { position: new Position(fill.symbol as Ticker), fills: 0, trips: 0 };
      positions.set(fill.symbol, state);
    }
    const change = state.position.apply(
      fill.side as 'BUY' | 'SELL',
      // Fills are reported as exact decimal text: parsed back exactly for the position arithmetic.
      Quantity.of(fill.quantity),
      Price.of(fill.price),
      Money.of(fill.commission),
    );
    state.fills++;
    if (state.position.isFlat && change.closedQuantity > 0) state.trips++;
  }
  return [...members.values()].map((member) => {
    const state = positions.get(member.symbol);
    const series = bars.get(member.symbol) as readonly Bar[];
    const lastClose = (series[series.length - 1] as Bar).close;
    const realized = state ? state.position.realizedPnl.subtract(state.position.commissions) : Money.zero;
    const open = state && !state.position.isFlat ? state.position.unrealizedPnl(lastClose) : Money.zero;
    return {
      symbol: member.symbol,
      firstDate: day(member.firstTime),
      lastDate: day(member.lastTime),
      delisted: member.exitTime !== null,
      bars: member.bars,
      fills: state?.fills ?? 0,
      roundTrips: state?.trips ?? 0,
      commissions: (state?.position.commissions ?? Money.zero).toString(),
      realizedPnl: realized.toString(),
      finalQuantity: state?.position.netQuantity ?? 0,
      netPnl: realized.add(open).toString(),
    };
  });
}
