// Builds the PositionSizer that sizing settings choose (the risk_models.sizing block live, a backtest's
// sizing alike), per strategy where set, from the sizers and what they read: the return statistics,
// holdings, drawdown, trade edge and ATR.
import type { PositionSizer } from '@ats/core';
import { CorrelationAdjustedSizer } from './correlation-adjusted-sizer.js';
import { DrawdownScaledSizer } from './drawdown-scaled-sizer.js';
import { FixedFractionSizer } from './fixed-fraction-sizer.js';
import { FixedQuantitySizer } from './fixed-quantity-sizer.js';
import type { Holding, ReturnStatistics } from './holdings.js';
import { KellySizer } from './kelly-sizer.js';
import { RiskParitySizer } from './risk-parity-sizer.js';
import { StrategySizers } from './strategy-sizers.js';
import type { TradeEdge } from './trade-edge-book.js';
import { VolatilityTargetSizer } from './volatility-target-sizer.js';

/** One sizing method and its parameters, named as in the configuration's risk_models.sizing block. */
export interface SizingMethodSettings {
  readonly method: 'fixed_fraction' | 'fixed_quantity' | 'volatility_target' | 'kelly' | 'risk_parity';
  /** fixed_fraction: the fraction of equity; default the position fraction of the risk limits. */
  readonly fraction?: number | undefined;
  readonly quantity: number;
  readonly target_volatility: number;
  readonly volatility_measure: 'realized' | 'atr';
  readonly kelly_fraction: number;
  readonly kelly_cap: number;
  readonly kelly_min_trades: number;
  readonly gross_fraction: number;
  readonly max_drawdown?: number | undefined;
  readonly correlation_adjustment: boolean;
}

/** The default method and, by strategy id, methods that replace it for that strategy's signals. */
export interface SizingSettings extends SizingMethodSettings {
  readonly strategies: Readonly<Record<string, SizingMethodSettings>>;
}

export interface SizingSources {
  readonly statistics: ReturnStatistics;
  readonly holdings: () => readonly Holding[];
  /** The account's drawdown from its high-water mark, a fraction. */
  readonly drawdown: () => number;
  readonly edgeOf: (strategyId: string) => TradeEdge;
  /** risk_limits.position_fraction, the default fixed fraction. */
  readonly positionFraction: number;
  /** ATR / close of a symbol's daily bars, for the `atr` volatility measure. */
  readonly atrVolatilityOf: (symbol: string) => number | null;
}

export function positionSizerOf(config: SizingSettings, sources: SizingSources): PositionSizer {
  const fallback = methodSizer(config, sources);
  const entries = Object.entries(config.strategies);
  if (entries.length === 0) return fallback;
  return new StrategySizers(
    fallback,
    new Map(entries.map(([id, method]) => [id, methodSizer(method, sources)])),
  );
}

function methodSizer(config: SizingMethodSettings, sources: SizingSources): PositionSizer {
  let sizer = baseSizer(config, sources);
  if (config.correlation_adjustment)
    sizer = new CorrelationAdjustedSizer(sizer, sources.statistics, sources.holdings);
  if (config.max_drawdown !== undefined)
    sizer = new DrawdownScaledSizer(sizer, sources.drawdown, config.max_drawdown);
  return sizer;
}

function baseSizer(config: SizingMethodSettings, sources: SizingSources): PositionSizer {
  switch (config.method) {
    case 'fixed_fraction':
      return new FixedFractionSizer(config.fraction ?? sources.positionFraction);
    case 'fixed_quantity':
      return new FixedQuantitySizer(config.quantity);
    case 'volatility_target':
      return new VolatilityTargetSizer({
        targetVolatility: config.target_volatility,
        volatilityOf:
          config.volatility_measure === 'atr'
            ? sources.atrVolatilityOf
            : (symbol) => sources.statistics.volatilityOf(symbol),
        measure: config.volatility_measure,
      });
    case 'kelly':
      return new KellySizer({
        edgeOf: sources.edgeOf,
        fraction: config.kelly_fraction,
        cap: config.kelly_cap,
        minimumTrades: config.kelly_min_trades,
      });
    case 'risk_parity':
      return new RiskParitySizer({
        statistics: sources.statistics,
        holdings: sources.holdings,
        grossFraction: config.gross_fraction,
      });
  }
}
