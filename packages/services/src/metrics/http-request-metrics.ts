// RED metrics of every HTTP route: requests by route, method and status class, and their durations.
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Buckets from 1 ms to 10 s: the spec's API target is a p95 under 500 ms. */
const durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const labelNames = ['method', 'route', 'status_class'] as const;

/** One counter and one histogram per registry, whether one service or every service shares it. */
function instrumentsOf(registry: Registry) {
  const requests =
    (registry.getSingleMetric('ats_http_requests_total') as
      | Counter<(typeof labelNames)[number]>
      | undefined) ??
    new Counter({
      name: 'ats_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status class (2xx, 4xx, 5xx)',
      labelNames,
      registers: [registry],
    });
  const durations =
    (registry.getSingleMetric('ats_http_request_duration_seconds') as
      | Histogram<(typeof labelNames)[number]>
      | undefined) ??
    new Histogram({
      name: 'ats_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by route template',
      labelNames,
      buckets: durationBuckets,
      registers: [registry],
    });
  return { requests, durations };
}

/**
 * Counts every answered request under its route template (`/orders/:id`, never the concrete URL, so
 * label values stay bounded); a request that matched no route is counted under `unmatched`.
 */
export function registerHttpRequestMetrics(app: FastifyInstance, registry: Registry): void {
  const { requests, durations } = instrumentsOf(registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = {
      method: request.method,
      route,
      status_class: `${Math.floor(reply.statusCode / 100)}xx`,
    };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });
}
