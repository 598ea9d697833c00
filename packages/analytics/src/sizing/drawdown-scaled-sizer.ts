// Maximum-drawdown scaling: another sizer's quantity shrinks linearly as the account's drawdown deepens,
// to zero at the largest drawdown allowed: scale = max(0, 1 - drawdown / maxDrawdown).
import { type PositionSizer, type SizingDecision, type SizingRequest, wholeLots } from '@ats/core';

export class DrawdownScaledSizer implements PositionSizer {
  readonly name: string;

  constructor(
    private readonly inner: PositionSizer,
    /** The account's current drawdown from its high-water mark, a fraction (0.05 = 5% below the peak). */
    private readonly drawdown: () => number,
    private readonly maxDrawdown: number,
  ) {
    if (!(maxDrawdown > 0 && maxDrawdown < 1))
      throw new RangeError(`max drawdown must be in (0, 1), got ${maxDrawdown}`);
    this.name = `${inner.name}+drawdown_scaling`;
  }

  size(request: SizingRequest): SizingDecision {
    const sized = this.inner.size(request);
    const drawdown = Math.max(0, this.drawdown());
    const scale = Math.max(0, 1 - drawdown / this.maxDrawdown);
    const quantity = wholeLots(sized.quantity * scale * request.price, request.price, request.lotSize);
    return {
      quantity: Math.min(quantity, sized.quantity),
      explanation: `${sized.explanation}; drawdown ${drawdown.toFixed(4)} of ${this.maxDrawdown} scales by ${scale.toFixed(4)} to ${Math.min(quantity, sized.quantity)}`,
    };
  }
}
