// The sizer a strategy chose (by strategy id), or the default one: "chosen by a strategy or the configuration".
import type { PositionSizer, SizingDecision, SizingRequest } from '@ats/core';

export class StrategySizers implements PositionSizer {
  readonly name = 'per_strategy';

  constructor(
    private readonly fallback: PositionSizer,
    private readonly byStrategy: ReadonlyMap<string, PositionSizer>,
  ) {}

  sizerOf(strategyId: string): PositionSizer {
    return this.byStrategy.get(strategyId) ?? this.fallback;
  }

  size(request: SizingRequest): SizingDecision {
    return this.sizerOf(request.strategyId).size(request);
  }
}
