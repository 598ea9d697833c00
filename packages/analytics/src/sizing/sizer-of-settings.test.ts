// The sizer that sizing settings (the risk_models.sizing block) choose, per strategy, with its wrappers; and the ATR measure.
import type { SizingRequest } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { AtrVolatility } from './atr-volatility.js';
import { EwmaReturnStatistics } from './ewma-return-statistics.js';
import { positionSizerOf, type SizingSettings, type SizingSources } from './sizer-of-settings.js';
import { TradeEdgeBook } from './trade-edge-book.js';

const request: SizingRequest = {
  strategyId: 'alpha',
  symbol: 'ORCL',
  direction: 1,
  strength: 1,
  price: 12,
  lotSize: 1,
  equity: 100_000,
  maxPositionFraction: 0.5,
};

/** The configuration's defaults (risk_models.sizing), with `changes` over them. */
function settings(changes: Partial<SizingSettings> = {}): SizingSettings {
  const method = {
    method: 'fixed_fraction',
    quantity: 100,
    target_volatility: 0.02,
    volatility_measure: 'realized',
    kelly_fraction: 0.5,
    kelly_cap: 0.1,
    kelly_min_trades: 20,
    gross_fraction: 1,
    correlation_adjustment: false,
  } as const;
  return { ...method, strategies: {}, ...changes };
}

function sources(atr: AtrVolatility): SizingSources {
  return {
    statistics: new EwmaReturnStatistics(),
    holdings: () => [],
    drawdown: () => 0.05,
    edgeOf: (id) => new TradeEdgeBook().edgeOf(id),
    positionFraction: 0.1,
    atrVolatilityOf: (symbol) => atr.volatilityOf(symbol),
  };
}

describe('position sizer of the configuration', () => {
  it('defaults to the fixed fraction of risk_limits.position_fraction (today’s rule)', () => {
    const sizer = positionSizerOf(settings(), sources(new AtrVolatility()));
    expect(sizer.name).toBe('fixed_fraction');
    // 100,000 × 0.1 / 12 = 833.3 → 833.
    expect(sizer.size(request).quantity).toBe(833);
  });

  it('sizes by ATR / close for volatility_target with the atr measure', () => {
    const atr = new AtrVolatility(2);
    // True ranges 2 (12-10) and 3 (13-10); ATR(2) seeds with their mean 2.5; close 12: σ = 0.208333 a day.
    atr.update('ORCL', 11, 9, 10);
    atr.update('ORCL', 12, 10, 11);
    expect(atr.volatilityOf('ORCL')).toBeNull();
    atr.update('ORCL', 13, 10, 12);
    expect(atr.volatilityOf('ORCL')).toBeCloseTo(2.5 / 12, 12);
    const config = { sizing: settings({ method: 'volatility_target', volatility_measure: 'atr' }) };
    // Annual 0.208333 × √252 = 3.30719; 100,000 × 0.02 / 3.30719 = 604.74 / 12 = 50.4 → 50.
    expect(positionSizerOf(config.sizing, sources(atr)).size(request).quantity).toBe(50);
  });

  it('gives a strategy its own sizing and wraps drawdown scaling and correlation adjustment', () => {
    const config = {
      sizing: settings({
        method: 'fixed_quantity',
        quantity: 100,
        max_drawdown: 0.2,
        correlation_adjustment: true,
        strategies: { beta: { ...settings(), method: 'kelly' } },
      }),
    };
    const sizer = positionSizerOf(config.sizing, sources(new AtrVolatility()));
    // Drawdown 5% of 20%: 100 × 0.75 = 75; no holdings, so no correlation shrink.
    expect(sizer.size(request).quantity).toBe(75);
    // The kelly strategy has no closed trades: no trade.
    expect(sizer.size({ ...request, strategyId: 'beta' })).toMatchObject({
      quantity: 0,
      explanation: expect.stringMatching(/^kelly: 0 closed trades/),
    });
  });
});
