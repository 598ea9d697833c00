// The services the monitor watches: in one process it asks the modules; across processes it asks each
// service's /health and /metrics over HTTP (with PROMETHEUS_TOKEN's bearer token for /metrics).
import type { ServiceHealth } from '../http/service-module.js';

export interface MonitoredService {
  readonly name: string;
  health(): Promise<ServiceHealth>;
  /** The service's metrics in Prometheus' text format; null when they cannot be read. */
  metrics(): Promise<string | null>;
  /**
   * Services that read one registry (the modules of one process) name it alike: the monitor scrapes
   * and parses it once a round and counts its requests and quotes once, not once per service.
   */
  readonly metricsSource?: string;
}

/**
 * A service in this process: its module's health and the process registry's metrics; `metricsSource`
 * names that registry when other services of the process read it too.
 */
export function localService(
  name: string,
  health: () => ServiceHealth | Promise<ServiceHealth>,
  metrics: () => Promise<string>,
  metricsSource?: string,
): MonitoredService {
  return {
    name,
    ...(metricsSource !== undefined ? { metricsSource } : {}),
    health: async () => {
      try {
        return await health();
      } catch (error) {
        return { status: 'down', detail: { error: (error as Error).message } };
      }
    },
    metrics: () => metrics().catch(() => null),
  };
}

/** A service in its own process, reached at its base URL (http://host:port). */
export function remoteService(
  name: string,
  baseUrl: string,
  options: { readonly prometheusToken?: string; readonly timeoutMilliseconds?: number } = {},
): MonitoredService {
  const timeout = options.timeoutMilliseconds ?? 2_000;
  return {
    name,
    async health() {
      try {
        const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeout) });
        const body = (await response.json()) as Partial<ServiceHealth>;
        const status = body.status === 'up' || body.status === 'degraded' ? body.status : 'down';
        return { status, detail: { ...(body.detail ?? {}), httpStatus: response.status } };
      } catch (error) {
        return { status: 'down', detail: { error: (error as Error).message } };
      }
    },
    async metrics() {
      if (!options.prometheusToken) return null;
      try {
        const response = await fetch(`${baseUrl}/metrics`, {
          headers: { authorization: `Bearer ${options.prometheusToken}` },
          signal: AbortSignal.timeout(timeout),
        });
        return response.ok ? await response.text() : null;
      } catch {
        return null;
      }
    },
  };
}
