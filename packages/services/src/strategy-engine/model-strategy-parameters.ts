// The parameters of a configured `ml-model` strategy (a registry model run live): names, defaults and
// ranges, checked alike when the configuration loads and when the Strategy Engine builds it.

/** The configured kind of a strategy that runs a model from the model registry. */
export const modelStrategyKind = 'ml-model';

export interface ModelStrategyParameters {
  /** Go long when the model's probability of a rise exceeds this. */
  readonly enterAbove: number;
  /** Go flat when it falls below this. */
  readonly exitBelow: number;
  /** Resolved predictions in the drift monitor's rolling window. */
  readonly driftWindow: number;
  /** Sampling standard errors of that window added around the backtested fold-accuracy range. */
  readonly driftDeviations: number;
  /** Asynchronous (ONNX) models: predictions that may wait per symbol before a bar is skipped. */
  readonly maxPendingPredictions: number;
}

const defaults: ModelStrategyParameters = {
  enterAbove: 0.55,
  exitBelow: 0.45,
  driftWindow: 50,
  driftDeviations: 3,
  maxPendingPredictions: 4,
};

const rules: Record<keyof ModelStrategyParameters, (value: number) => string | null> = {
  enterAbove: (value) => (value >= 0 && value <= 1 ? null : 'must be in [0, 1]'),
  exitBelow: (value) => (value >= 0 && value <= 1 ? null : 'must be in [0, 1]'),
  driftWindow: (value) =>
    Number.isInteger(value) && value >= 10 && value <= 100_000
      ? null
      : 'must be a whole number in [10, 100000]',
  driftDeviations: (value) => (value > 0 && value <= 10 ? null : 'must be in (0, 10]'),
  maxPendingPredictions: (value) =>
    Number.isInteger(value) && value >= 1 && value <= 1000 ? null : 'must be a whole number in [1, 1000]',
};

/** What is wrong with the parameters (the first problem, naming the parameter), or null. */
export function modelStrategyParameterProblem(parameters: Readonly<Record<string, number>>): string | null {
  for (const [name, value] of Object.entries(parameters)) {
    const rule = rules[name as keyof ModelStrategyParameters];
    if (!Object.hasOwn(rules, name) || !rule)
      return `${modelStrategyKind}.${name}: unknown parameter; known: ${Object.keys(rules).join(', ')}`;
    const problem = rule(value);
    if (problem) return `${modelStrategyKind}.${name}: ${value} ${problem}`;
  }
  const merged = { ...defaults, ...parameters };
  if (merged.exitBelow > merged.enterAbove)
    return `${modelStrategyKind}.exitBelow: ${merged.exitBelow} must not exceed enterAbove (${merged.enterAbove})`;
  return null;
}

/** The parameters with defaults filled in; throws naming the first bad one. */
export function modelStrategyParameters(
  parameters: Readonly<Record<string, number>>,
): ModelStrategyParameters {
  const problem = modelStrategyParameterProblem(parameters);
  if (problem) throw new RangeError(problem);
  return { ...defaults, ...parameters } as ModelStrategyParameters;
}
