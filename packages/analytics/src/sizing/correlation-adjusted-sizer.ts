// Correlation adjustment: another sizer's quantity shrinks with the candidate's correlation to what is
// already held, scale = 1 - max(0, ρ̄), where ρ̄ = Σⱼ |vⱼ| sⱼ ρ(c, j) / Σⱼ |vⱼ| over the holdings j (sⱼ = +1
// when holding j is on the candidate's side, -1 when opposite), so a hedge is not shrunk.
import { type PositionSizer, type SizingDecision, type SizingRequest, wholeLots } from '@ats/core';
import type { Holding, ReturnStatistics } from './holdings.js';

export class CorrelationAdjustedSizer implements PositionSizer {
  readonly name: string;

  constructor(
    private readonly inner: PositionSizer,
    private readonly statistics: ReturnStatistics,
    private readonly holdings: () => readonly Holding[],
  ) {
    this.name = `${inner.name}+correlation_adjustment`;
  }

  /** The value-weighted, side-adjusted mean correlation of the candidate to the holdings (0 with none). */
  averageCorrelation(symbol: string, direction: 1 | -1): number {
    let weighted = 0;
    let total = 0;
    for (const holding of this.holdings()) {
      if (holding.symbol === symbol || holding.value === 0) continue;
      const correlation = this.statistics.correlationOf(symbol, holding.symbol);
      if (correlation === null) continue;
      const side = Math.sign(holding.value) === direction ? 1 : -1;
      weighted += Math.abs(holding.value) * side * correlation;
      total += Math.abs(holding.value);
    }
    return total === 0 ? 0 : weighted / total;
  }

  size(request: SizingRequest): SizingDecision {
    const sized = this.inner.size(request);
    const average = this.averageCorrelation(request.symbol, request.direction);
    const scale = 1 - Math.max(0, average);
    const quantity = Math.min(
      sized.quantity,
      wholeLots(sized.quantity * scale * request.price, request.price, request.lotSize),
    );
    return {
      quantity,
      explanation: `${sized.explanation}; correlation to holdings ${average.toFixed(4)} scales by ${scale.toFixed(4)} to ${quantity}`,
    };
  }
}
