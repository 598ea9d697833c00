// The Scheduler service over HTTP: jobs (list, create, pause, resume, trigger), run history, calendar, service health.
import type { MarketCalendar } from '@ats/calendar';
import { AtsError, type JobRepository } from '@ats/core';
import type { JobScheduler } from '@ats/scheduler';
import type { FastifyInstance } from 'fastify';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface SchedulerModuleOptions {
  readonly scheduler: JobScheduler;
  readonly repository: JobRepository;
  readonly calendar: MarketCalendar;
  readonly metrics: PrometheusMetrics;
  readonly now: () => number;
  /** The health of every service, as the scheduler sees it. */
  readonly servicesHealth: () => Promise<Record<string, ServiceHealth>>;
}

const jobIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' } },
} as const;

const dateText = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export class SchedulerModule implements ServiceModule {
  readonly name = 'scheduler' as const;
  readonly metrics: PrometheusMetrics;

  constructor(private readonly options: SchedulerModuleOptions) {
    this.metrics = options.metrics;
  }

  health(): ServiceHealth {
    return { status: 'up', detail: { jobs: this.options.scheduler.list().length } };
  }

  routes(app: FastifyInstance): void {
    const { scheduler, repository, calendar } = this.options;
    const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());
    const existing = (id: string) => {
      if (!scheduler.list().some((job) => job.definition.id === id))
        throw new AtsError('NOT_FOUND', `no job '${id}'`);
    };

    app.get('/jobs', async () =>
      scheduler
        .list()
        .map((job) => ({ ...job.definition, nextFire: iso(job.nextFire), running: job.running })),
    );
    app.post<{
      Body: {
        id: string;
        kind: string;
        trigger: Record<string, unknown>;
        options?: Record<string, unknown>;
        priority?: number;
        paused?: boolean;
      };
    }>(
      '/jobs',
      {
        schema: {
          body: {
            type: 'object',
            required: ['id', 'kind', 'trigger'],
            additionalProperties: false,
            properties: {
              id: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' },
              kind: { type: 'string' },
              trigger: { type: 'object' },
              options: { type: 'object' },
              priority: { type: 'integer' },
              paused: { type: 'boolean' },
            },
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        try {
          await scheduler.addJob({
            id: body.id,
            kind: body.kind,
            trigger: body.trigger,
            options: body.options ?? {},
            priority: body.priority ?? 0,
            paused: body.paused ?? false,
          });
        } catch (error) {
          if (error instanceof RangeError)
            return reply.code(400).send({ error: 'INVALID_INPUT', message: error.message });
          throw error;
        }
        return reply.code(201).send(scheduler.list().find((job) => job.definition.id === body.id));
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/pause',
      { schema: { params: jobIdParams } },
      async (request) => {
        existing(request.params.id);
        await scheduler.pause(request.params.id);
        return { id: request.params.id, paused: true };
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/resume',
      { schema: { params: jobIdParams } },
      async (request) => {
        existing(request.params.id);
        await scheduler.resume(request.params.id);
        return { id: request.params.id, paused: false };
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/trigger',
      { schema: { params: jobIdParams } },
      async (request) => {
        existing(request.params.id);
        await scheduler.trigger(request.params.id);
        const [run] = await repository.listRuns({ jobId: request.params.id, limit: 1 });
        return run ?? null;
      },
    );
    app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
      '/jobs/:id/runs',
      {
        schema: {
          params: jobIdParams,
          querystring: {
            type: 'object',
            properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 } },
          },
        },
      },
      async (request) => repository.listRuns({ jobId: request.params.id, limit: request.query.limit }),
    );
    app.get<{ Querystring: { limit: number } }>(
      '/runs',
      {
        schema: {
          querystring: {
            type: 'object',
            properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          },
        },
      },
      async (request) => repository.listRuns({ limit: request.query.limit }),
    );
    app.get<{ Querystring: { from: string; to: string } }>(
      '/calendar/sessions',
      {
        schema: {
          querystring: {
            type: 'object',
            required: ['from', 'to'],
            properties: { from: dateText, to: dateText },
          },
        },
      },
      async (request) => {
        try {
          return calendar.sessionsBetween(request.query.from, request.query.to).map((session) => ({
            ...session,
            open: iso(session.open),
            close: iso(session.close),
            preOpen: iso(session.preOpen),
            postClose: iso(session.postClose),
          }));
        } catch (error) {
          throw new AtsError('INVALID_INPUT', (error as Error).message);
        }
      },
    );
    app.get<{ Querystring: { at?: string } }>(
      '/calendar/status',
      {
        schema: {
          querystring: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
        },
      },
      async (request) => {
        const at = request.query.at ? Date.parse(request.query.at) : this.options.now();
        const nextOpen = calendar.nextOpen(at);
        const nextClose = calendar.nextClose(at);
        return {
          at: iso(at),
          phase: calendar.phaseAt(at),
          open: calendar.isOpen(at),
          date: calendar.localDate(at),
          nextOpen: iso(nextOpen),
          nextClose: iso(nextClose),
          millisecondsToNextOpen: nextOpen - at,
          millisecondsToNextClose: nextClose - at,
        };
      },
    );
    app.get('/services', async () => this.options.servicesHealth());
  }
}
