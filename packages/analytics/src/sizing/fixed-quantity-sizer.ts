// Fixed quantity: the same number of shares for every signal (rounded down to lots, capped by max_position_size).
import { type PositionSizer, type SizingDecision, type SizingRequest, wholeLots } from '@ats/core';

export class FixedQuantitySizer implements PositionSizer {
  readonly name = 'fixed_quantity';

  constructor(private readonly quantity: number) {
    if (!(Number.isInteger(quantity) && quantity > 0))
      throw new RangeError(`fixed quantity must be a positive whole number, got ${quantity}`);
  }

  size(request: SizingRequest): SizingDecision {
    const lots = Math.floor(this.quantity / request.lotSize) * request.lotSize;
    const cap = wholeLots(request.equity * request.maxPositionFraction, request.price, request.lotSize);
    const quantity = Math.min(lots, cap);
    return {
      quantity,
      explanation: `fixed ${this.quantity}${quantity < lots ? `, capped at ${cap} by max position ${request.maxPositionFraction}` : ''} (lot ${request.lotSize})`,
    };
  }
}
