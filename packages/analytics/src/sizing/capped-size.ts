// The last step every sizer shares: a target value capped at max_position_size of equity, in whole lots.
import { type SizingDecision, type SizingRequest, wholeLots } from '@ats/core';

export function cappedSize(request: SizingRequest, targetValue: number, reasoning: string): SizingDecision {
  const cap = request.equity * request.maxPositionFraction;
  const value = Math.min(Math.max(0, targetValue), cap);
  const quantity = wholeLots(value, request.price, request.lotSize);
  const capped = targetValue > cap ? ` capped at ${cap.toFixed(2)}` : '';
  return {
    quantity,
    explanation: `${reasoning}: value ${Math.max(0, targetValue).toFixed(2)}${capped} / price ${request.price} = ${quantity} (lot ${request.lotSize})`,
  };
}
