// The multi-process gateway (`ats service gateway`): the dashboard at /, its live stream at /api/live/
// fed by the Redis bus, /api/<service>/ forwarded to each service's port, and /health with every
// service's health, so the same page works against `ats start` and `ats start --distributed`.
import { AtsError } from '@ats/core';
import { createRepositories, openDatabase } from '@ats/persistence';
import { RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import type { AtsConfig } from '../config/config-schema.js';
import { registerDashboardStaticFiles } from '../dashboard/dashboard-static-files.js';
import { LiveEventHub } from '../dashboard/live-event-hub.js';
import { registerLiveRoutes } from '../dashboard/live-routes.js';
import { createApp } from '../http/build-http-app.js';
import type { ServiceHealth } from '../http/service-module.js';
import type { Logger } from '../logging/create-logger.js';
import { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { runnableServices, serviceUrl } from '../node/service-process.js';
import { buildServiceSecurity } from '../security/service-security.js';
import { databaseOptionsOf, databaseUrlOf, redisEndpointOf } from '../wiring/config-mapping.js';
import { type GatewayUpstream, registerGatewayProxyRoutes } from './gateway-proxy-routes.js';

export interface GatewayOptions {
  readonly config: AtsConfig;
  readonly logger: Logger;
  /** Where it listens; defaults to `http.port` (the one-process node's port, so the address is the same). */
  readonly port?: number;
  /** The built dashboard (apps/dashboard/dist); absent or unbuilt, / says how to build it. */
  readonly dashboardDirectory?: string;
}

export interface RunningGateway {
  readonly url: string;
  stop(): Promise<void>;
}

/** The services behind the gateway: every one `ats service` runs, each at its configured port. */
export function gatewayUpstreamsOf(config: AtsConfig): GatewayUpstream[] {
  return runnableServices.map((name) => ({
    name,
    url: serviceUrl(config, name),
  }));
}

/** Every service's /health, asked at once; one that does not answer within 2 s is down. */
async function healthOfServices(
  upstreams: readonly GatewayUpstream[],
): Promise<Record<string, ServiceHealth>> {
  const entries = await Promise.all(
    upstreams.map(async (upstream) => {
      try {
        const response = await fetch(`${upstream.url}/health`, { signal: AbortSignal.timeout(2_000) });
        const body = (await response.json()) as ServiceHealth;
        return [upstream.name, { status: body.status, detail: body.detail ?? {} }] as const;
      } catch (error) {
        return [
          upstream.name,
          { status: 'down', detail: { error: (error as Error).message } } satisfies ServiceHealth,
        ] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}

export async function startGatewayProcess(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const url = databaseUrlOf(config);
  const redis = redisEndpointOf(config);
  if (!url || !redis)
    throw new AtsError(
      'CONFIG_INVALID',
      'config: the gateway needs database.url and redis.url, like every service of the multi-process mode',
    );
  // The database holds the API keys and sessions the gateway checks on the live stream.
  const database = await openDatabase(databaseOptionsOf(config));
  createRepositories(database);
  const metrics = new PrometheusMetrics('gateway');
  const onError = (error: unknown) => logger.error({ err: error }, 'gateway error');
  // No consumer name: the live stream's subscriptions are groups of their own, so the gateway reads every
  // event beside the services and never takes one from them.
  const bus = new RedisMessageBus({ url: redis, keyPrefix: redisKeyPrefix(config.deployment.name), onError });
  const serviceSecurity = buildServiceSecurity({ config, database, bus, mode: 'multi-process', onError });
  await serviceSecurity.start();
  const hub = new LiveEventHub(bus, metrics, config.dashboard.live_max_clients);
  hub.start();
  const upstreams = gatewayUpstreamsOf(config);

  const security = serviceSecurity.security;
  const app = createApp(
    {
      log: logger,
      // The services behind count each request against the rate limits and audit it; counting it here
      // too would count every request twice in the deployment's shared Redis.
      security: { ...security, policy: { ...security.policy, perIpPerMinute: 0, perCredentialPerMinute: 0 } },
    },
    metrics,
  );
  // 200 while the gateway runs, at once (the supervisor's probe gives up after 2 s); the body carries
  // every service's health as last asked, like the one-process node's /health, for the System page.
  // Asking takes up to 2 s per service, so it runs beside the answers: one round at a time, at most
  // one every 2 s, started by a request.
  let known: { at: number; services: Record<string, ServiceHealth> } = { at: 0, services: {} };
  let asking: Promise<void> | null = null;
  const askAgain = () => {
    if (asking || Date.now() - known.at < 2_000) return;
    asking = healthOfServices(upstreams)
      .then((services) => {
        known = { at: Date.now(), services };
      })
      .finally(() => {
        asking = null;
      });
  };
  app.get('/health', { config: { permission: 'public' } }, async () => {
    askAgain();
    const states = Object.values(known.services).map((health) => health.status);
    return {
      status: states.includes('down') ? 'down' : states.includes('degraded') ? 'degraded' : 'up',
      checkedAt: known.at === 0 ? null : new Date(known.at).toISOString(),
      gateway: { liveClients: hub.statistics().clients },
      services: known.services,
    };
  });
  app.get('/metrics', { config: { permission: 'metrics' } }, async (_request, reply) =>
    reply.type('text/plain; version=0.0.4').send(await metrics.text()),
  );
  registerDashboardStaticFiles(app, options.dashboardDirectory);
  registerLiveRoutes(app, { hub, bufferEvents: config.dashboard.live_buffer_events });
  await registerGatewayProxyRoutes(app, upstreams);
  const address = await app.listen({ host: config.http.host, port: options.port ?? config.http.port });
  logger.info({ address }, 'gateway started');
  return {
    url: address,
    async stop() {
      await hub.stop();
      await app.close();
      await serviceSecurity.stop();
      await bus.close();
      await database.close();
    },
  };
}
