// Prediction metrics: accuracy, log loss, AUC (rank statistic, ties halved) and the information coefficient (Spearman).

export interface PredictionMetrics {
  readonly rows: number;
  readonly accuracy: number;
  readonly logLoss: number;
  readonly auc: number;
  /** Spearman rank correlation between the predictions and the realized forward returns. */
  readonly informationCoefficient: number;
}

function checkLengths(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length)
    throw new RangeError(`${name}: ${a.length} predictions for ${b.length} outcomes`);
  if (a.length === 0) throw new RangeError(`${name}: no predictions`);
}

export function accuracy(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold = 0.5,
): number {
  checkLengths('accuracy', probabilities, labels);
  let correct = 0;
  for (let index = 0; index < labels.length; index++) {
    if (((probabilities[index] as number) > threshold ? 1 : 0) === labels[index]) correct++;
  }
  return correct / labels.length;
}

export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths('logLoss', probabilities, labels);
  const epsilon = 1e-15;
  let total = 0;
  for (let index = 0; index < labels.length; index++) {
    const p = Math.min(1 - epsilon, Math.max(epsilon, probabilities[index] as number));
    total -= labels[index] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}

/** Average ranks (1-based), ties sharing the mean of their ranks. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, index) => index).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const out = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[start] as number])
      end++;
    const rank = (start + end) / 2 + 1;
    for (let at = start; at <= end; at++) out[order[at] as number] = rank;
    start = end + 1;
  }
  return out;
}

/** Area under the ROC curve by the Mann-Whitney statistic; NaN when only one class is present. */
export function areaUnderCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkLengths('auc', scores, labels);
  const rank = ranks(scores);
  let positives = 0;
  let rankSum = 0;
  for (let index = 0; index < labels.length; index++) {
    if (labels[index] === 1) {
      positives++;
      rankSum += rank[index] as number;
    }
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let index = 0; index < n; index++) {
    meanA += a[index] as number;
    meanB += b[index] as number;
  }
  meanA /= n;
  meanB /= n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (let index = 0; index < n; index++) {
    const da = (a[index] as number) - meanA;
    const db = (b[index] as number) - meanB;
    covariance += da * db;
    varianceA += da * da;
    varianceB += db * db;
  }
  return varianceA === 0 || varianceB === 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
}

export function informationCoefficient(
  predictions: ArrayLike<number>,
  forwardReturns: ArrayLike<number>,
): number {
  checkLengths('informationCoefficient', predictions, forwardReturns);
  return pearson(ranks(predictions), ranks(forwardReturns));
}

export function predictionMetrics(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  forwardReturns: ArrayLike<number>,
): PredictionMetrics {
  return {
    rows: labels.length,
    accuracy: accuracy(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    auc: areaUnderCurve(probabilities, labels),
    informationCoefficient: informationCoefficient(probabilities, forwardReturns),
  };
}
