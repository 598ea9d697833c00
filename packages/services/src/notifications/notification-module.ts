// The notification service over HTTP: Gotify's API at its root, and each notification's deliveries for
// the platform's users.
import type { FastifyInstance } from 'fastify';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { type GotifyRoutesOptions, registerGotifyRoutes } from './gotify-routes.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

export interface NotificationModuleOptions extends GotifyRoutesOptions {
  readonly metrics: PrometheusMetrics;
  readonly channels: readonly string[];
}

export class NotificationModule implements ServiceModule {
  readonly name = 'notifications' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: NotificationModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return { status: 'up', detail: { channels: this.options.channels } };
  }

  async routes(app: FastifyInstance): Promise<void> {
    const { store } = this.options;
    await registerGotifyRoutes(app, this.options);
    app.get<{ Params: { id: number } }>(
      '/notifications/:id',
      { config: { permission: 'read' }, schema: { params: idParams } },
      async (request, reply) => {
        const notification = await store.message(request.params.id);
        if (!notification)
          return reply
            .code(404)
            .send({ error: 'NOT_FOUND', message: `notification ${request.params.id} does not exist` });
        return { notification, deliveries: await store.deliveries(notification.id) };
      },
    );
  }
}
