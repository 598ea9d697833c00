// What two scrapes of one service say about the time between them: error rate and latency quantile.
import { bucketsOf, type MetricSample, sumOf } from './prometheus-text.js';

const requests = 'ats_http_requests_total';
const durations = 'ats_http_request_duration_seconds';

/** Share of requests answered 5xx between the two scrapes; null when none were answered. */
export function errorRateBetween(
  before: readonly MetricSample[],
  after: readonly MetricSample[],
): number | null {
  const total = sumOf(after, requests) - sumOf(before, requests);
  if (total <= 0) return null;
  const errors =
    sumOf(after, requests, { status_class: '5xx' }) - sumOf(before, requests, { status_class: '5xx' });
  return Math.max(0, errors) / total;
}

/**
 * A quantile of request durations between the two scrapes, in seconds, interpolated linearly within
 * the bucket that holds it (as Prometheus' histogram_quantile does); null without requests.
 */
export function latencyQuantileBetween(
  before: readonly MetricSample[],
  after: readonly MetricSample[],
  quantile: number,
): number | null {
  const earlier = new Map(bucketsOf(before, durations));
  const buckets = bucketsOf(after, durations).map(
    ([bound, count]) => [bound, count - (earlier.get(bound) ?? 0)] as const,
  );
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = quantile * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= rank) {
      // Past the last finite bound the answer is that bound, as histogram_quantile answers.
      if (!Number.isFinite(bound)) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
