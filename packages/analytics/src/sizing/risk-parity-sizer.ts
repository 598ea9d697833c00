// Risk parity sizing: the candidate gets the weight that equalizes every position's risk contribution
// across the holdings and the candidate (riskParityWeights), applied to a gross budget of equity.
import type { PositionSizer, SizingDecision, SizingRequest } from '@ats/core';
import { riskParityWeights } from '../risk/risk-parity.js';
import { cappedSize } from './capped-size.js';
import type { Holding, ReturnStatistics } from './holdings.js';

export interface RiskParityOptions {
  readonly statistics: ReturnStatistics;
  readonly holdings: () => readonly Holding[];
  /** The gross exposure, as a fraction of equity, the risk-parity book should have (e.g. 1.0). */
  readonly grossFraction: number;
}

export class RiskParitySizer implements PositionSizer {
  readonly name = 'risk_parity';

  constructor(private readonly options: RiskParityOptions) {
    if (!(options.grossFraction > 0))
      throw new RangeError(`risk parity gross fraction must be positive, got ${options.grossFraction}`);
  }

  size(request: SizingRequest): SizingDecision {
    const symbols = [
      ...new Set([
        ...this.options
          .holdings()
          .filter((holding) => holding.value !== 0)
          .map((holding) => holding.symbol),
        request.symbol,
      ]),
    ];
    const covariance = this.options.statistics.covarianceOf(symbols);
    if (!covariance)
      return { quantity: 0, explanation: `risk parity: no return statistics yet for ${symbols.join(', ')}` };
    const { weights } = riskParityWeights(covariance);
    const weight = weights[symbols.indexOf(request.symbol)]!;
    return cappedSize(
      request,
      request.equity * this.options.grossFraction * weight * request.strength,
      `risk parity weight ${weight.toFixed(4)} of ${symbols.length} (gross ${this.options.grossFraction} x equity ${request.equity.toFixed(2)} x ${request.strength})`,
    );
  }
}
