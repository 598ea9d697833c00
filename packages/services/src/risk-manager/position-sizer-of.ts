// Builds the PositionSizer the configuration chooses (risk_models.sizing), per strategy where configured,
// from the analytics sizers and what they read: the return statistics, holdings, drawdown, trade edge.
import {
  CorrelationAdjustedSizer,
  DrawdownScaledSizer,
  FixedFractionSizer,
  FixedQuantitySizer,
  type Holding,
  KellySizer,
  type ReturnStatistics,
  RiskParitySizer,
  StrategySizers,
  type TradeEdge,
  VolatilityTargetSizer,
} from '@ats/analytics';
import type { PositionSizer } from '@ats/core';
import type { RiskModelsConfig, SizingMethodConfig } from '../config/risk-models-config.js';

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

export function positionSizerOf(config: RiskModelsConfig['sizing'], sources: SizingSources): PositionSizer {
  const fallback = methodSizer(config, sources);
  const entries = Object.entries(config.strategies);
  if (entries.length === 0) return fallback;
  return new StrategySizers(
    fallback,
    new Map(entries.map(([id, method]) => [id, methodSizer(method, sources)])),
  );
}

function methodSizer(config: SizingMethodConfig, sources: SizingSources): PositionSizer {
  let sizer = baseSizer(config, sources);
  if (config.correlation_adjustment)
    sizer = new CorrelationAdjustedSizer(sizer, sources.statistics, sources.holdings);
  if (config.max_drawdown !== undefined)
    sizer = new DrawdownScaledSizer(sizer, sources.drawdown, config.max_drawdown);
  return sizer;
}

function baseSizer(config: SizingMethodConfig, sources: SizingSources): PositionSizer {
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
