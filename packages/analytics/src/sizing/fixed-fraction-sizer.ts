// Fixed fraction: equity × fraction × strength in whole lots (the risk engine's default, made choosable).
import { fixedFractionSize, type PositionSizer, type SizingDecision, type SizingRequest } from '@ats/core';

export class FixedFractionSizer implements PositionSizer {
  readonly name = 'fixed_fraction';

  constructor(private readonly fraction: number) {
    if (!(fraction > 0 && fraction <= 1))
      throw new RangeError(`fixed fraction must be in (0, 1], got ${fraction}`);
  }

  size(request: SizingRequest): SizingDecision {
    return fixedFractionSize(request, this.fraction);
  }
}
