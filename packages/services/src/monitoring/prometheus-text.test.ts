// The exposition reader and the window arithmetic: error rate and p95 between two scrapes of a real
// prom-client registry, compared with what the observations were.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { errorRateBetween, latencyQuantileBetween } from './metric-window.js';
import { bucketsOf, parsePrometheusText, sumOf } from './prometheus-text.js';

function instrumentedRegistry() {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status_class'];
  const requests = new Counter({
    name: 'ats_http_requests_total',
    help: 'h',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'ats_http_request_duration_seconds',
    help: 'h',
    labelNames,
    buckets: [0.01, 0.1, 0.5, 1],
    registers: [registry],
  });
  const answer = (status: string, seconds: number) => {
    const labels = { method: 'GET', route: '/orders/:id', status_class: status };
    requests.inc(labels);
    durations.observe(labels, seconds);
  };
  return { registry, answer };
}

describe('the Prometheus text reader', () => {
  it('reads samples with escaped label values and skips comments and malformed lines', () => {
    const samples = parsePrometheusText(
      [
        '# HELP x a metric',
        'x{a="quote\\"d",b="new\\nline"} 3',
        'y 1.5e3 1700000000000',
        'z{le="+Inf"} +Inf',
        'broken{a="unterminated} 1',
        '',
      ].join('\n'),
    );
    expect(samples).toEqual([
      { name: 'x', labels: { a: 'quote"d', b: 'new\nline' }, value: 3 },
      { name: 'y', labels: {}, value: 1500 },
      { name: 'z', labels: { le: '+Inf' }, value: Number.POSITIVE_INFINITY },
    ]);
    expect(sumOf(samples, 'x', { a: 'quote"d' })).toBe(3);
  });

  it('computes the 5xx share and the p95 of the requests between two scrapes only', async () => {
    const { registry, answer } = instrumentedRegistry();
    for (let index = 0; index < 50; index += 1) answer('2xx', 0.9); // before the window: slow and fine
    const before = parsePrometheusText(await registry.metrics());
    for (let index = 0; index < 95; index += 1) answer('2xx', 0.005);
    for (let index = 0; index < 5; index += 1) answer('5xx', 0.3);
    const after = parsePrometheusText(await registry.metrics());
    expect(errorRateBetween(before, after)).toBeCloseTo(0.05, 10);
    // 95 of 100 requests in the first bucket (<= 10 ms): the 95th is at its upper bound.
    expect(latencyQuantileBetween(before, after, 0.95)).toBeCloseTo(0.01, 10);
    // The 99th lies in (0.1, 0.5], where the 5 slow ones are: interpolated 4/5 of the way.
    expect(latencyQuantileBetween(before, after, 0.99)).toBeCloseTo(0.1 + 0.4 * (4 / 5), 10);
    expect(bucketsOf(after, 'ats_http_request_duration_seconds').at(-1)).toEqual([
      Number.POSITIVE_INFINITY,
      150,
    ]);
    expect(errorRateBetween(after, after)).toBeNull();
  });
});
