// The Scheduler service over HTTP: jobs (list, create, pause, resume, trigger), run history, calendar, service health.
import type { MarketCalendar } from '@ats/calendar';
import { AtsError, InvalidInputError, type JobRepository } from '@ats/core';
import { type JobScheduler, maximumIntervalMilliseconds } from '@ats/scheduler';
import type { FastifyInstance } from 'fastify';
import { instantOf, requireOrdered } from '../http/ordered-range.js';
import {
  calendarDateSchema,
  identifierSchema,
  inheritedNames,
  instantSchema,
  limitSchema,
} from '../http/schema-parts.js';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';
import { requireCalendarDate, requireCalendarInstant, withinCalendar } from './calendar-range.js';

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
  properties: { id: identifierSchema() },
} as const;

/**
 * Every trigger field with its bounds; which fields a type needs, and whether the trigger fires
 * within the horizon, the scheduler checks before anything is saved.
 */
const triggerSchema = {
  type: 'object',
  required: ['type'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['cron', 'interval', 'session', 'session-interval', 'topic'] },
    expression: { type: 'string', minLength: 9, maxLength: 120 },
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
    everyMilliseconds: { type: 'integer', minimum: 1_000, maximum: maximumIntervalMilliseconds },
    anchor: { type: 'integer', minimum: 0, maximum: 8_000_000_000_000 },
    at: { type: 'string', enum: ['open', 'close'] },
    offsetMinutes: { type: 'integer', minimum: -1_440, maximum: 1_440 },
    everyMinutes: { type: 'integer', minimum: 1, maximum: 1_440 },
    topic: { type: 'string', pattern: '^[A-Za-z0-9._*-]{1,200}$' },
  },
} as const;

/** Examples for the API's readers (and the fuzz, which sends them as valid values). */
const builtInJobKindExamples = [
  'session-open',
  'session-close',
  'pre-open-warm-up',
  'portfolio-snapshot',
  'database-backup',
  'stale-market-data-check',
];
const triggerExamples = [
  { type: 'cron', expression: '0 16 * * MON-FRI', timeZone: 'America/New_York' },
  { type: 'interval', everyMilliseconds: 3_600_000 },
  { type: 'session', at: 'open', offsetMinutes: -15 },
  { type: 'session', at: 'close', offsetMinutes: 60 },
  { type: 'session-interval', everyMinutes: 5 },
  { type: 'topic', topic: 'risk.alerts' },
];

/** The longest span of one sessions request. */
const maximumSessionSpanMilliseconds = 5 * 366 * 86_400_000;

/** Run options every job takes, plus the kinds' own (checked per kind by the scheduler). */
const jobOptionsSchema = {
  type: 'object',
  maxProperties: 20,
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$', not: { enum: inheritedNames } },
  additionalProperties: {
    anyOf: [{ type: 'number' }, { type: 'string', maxLength: 200 }, { type: 'boolean' }],
  },
} as const;

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
      const disabled = scheduler.disabledReason(id);
      if (disabled !== null)
        throw new AtsError('CONFLICT', `job '${id}' is disabled (${disabled}); replace it with POST /jobs`);
    };

    app.get('/jobs', { config: { permission: 'read' } }, async () =>
      scheduler.list().map((job) => ({
        ...job.definition,
        nextFire: iso(job.nextFire),
        running: job.running,
        ...(job.disabledReason !== undefined ? { disabledReason: job.disabledReason } : {}),
      })),
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
        config: { permission: 'admin' },
        schema: {
          body: {
            type: 'object',
            required: ['id', 'kind', 'trigger'],
            additionalProperties: false,
            properties: {
              id: { ...identifierSchema(), examples: ['nightly-backup', 'daily-backup'] },
              kind: { ...identifierSchema(64), examples: builtInJobKindExamples },
              trigger: { ...triggerSchema, examples: triggerExamples },
              options: {
                ...jobOptionsSchema,
                examples: [{}, { retention: 7 }, { maxAttempts: 1, missedRuns: 'skip' }],
              },
              priority: { type: 'integer', minimum: -1_000, maximum: 1_000 },
              paused: { type: 'boolean' },
            },
          },
        },
      },
      async (request, reply) => {
        const body = request.body;
        // Every check (kind, trigger horizon, minimum interval, options) runs before the job is saved.
        await scheduler.addJob({
          id: body.id,
          kind: body.kind,
          trigger: body.trigger,
          options: body.options ?? {},
          priority: body.priority ?? 0,
          paused: body.paused ?? false,
        });
        return reply.code(201).send(scheduler.list().find((job) => job.definition.id === body.id));
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/pause',
      { config: { permission: 'admin' }, schema: { params: jobIdParams } },
      async (request) => {
        existing(request.params.id);
        await scheduler.pause(request.params.id);
        return { id: request.params.id, paused: true };
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/resume',
      { config: { permission: 'admin' }, schema: { params: jobIdParams } },
      async (request) => {
        existing(request.params.id);
        await scheduler.resume(request.params.id);
        return { id: request.params.id, paused: false };
      },
    );
    app.post<{ Params: { id: string } }>(
      '/jobs/:id/trigger',
      { config: { permission: 'admin' }, schema: { params: jobIdParams } },
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
        config: { permission: 'read' },
        schema: {
          params: jobIdParams,
          querystring: {
            type: 'object',
            properties: { limit: limitSchema(1_000, 50) },
            additionalProperties: false,
          },
        },
      },
      async (request) => repository.listRuns({ jobId: request.params.id, limit: request.query.limit }),
    );
    app.get<{ Querystring: { limit: number } }>(
      '/runs',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            type: 'object',
            properties: { limit: limitSchema(1_000, 100) },
            additionalProperties: false,
          },
        },
      },
      async (request) => repository.listRuns({ limit: request.query.limit }),
    );
    app.get<{ Querystring: { from: string; to: string } }>(
      '/calendar/sessions',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            type: 'object',
            required: ['from', 'to'],
            properties: { from: calendarDateSchema, to: calendarDateSchema },
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        requireCalendarDate('querystring.from', from);
        requireCalendarDate('querystring.to', to);
        requireOrdered('querystring.from', from, 'querystring.to', to);
        // Bounded work per request: five years is about 1,260 sessions; longer spans are paged by the caller.
        if (Date.parse(to) - Date.parse(from) > maximumSessionSpanMilliseconds)
          throw new InvalidInputError('querystring.to', `must be at most 5 years after from (${from})`, to);
        return calendar.sessionsBetween(from, to).map((session) => ({
          ...session,
          open: iso(session.open),
          close: iso(session.close),
          preOpen: iso(session.preOpen),
          postClose: iso(session.postClose),
        }));
      },
    );
    app.get<{ Querystring: { at?: string } }>(
      '/calendar/status',
      {
        config: { permission: 'read' },
        schema: {
          querystring: {
            type: 'object',
            properties: { at: instantSchema },
            additionalProperties: false,
          },
        },
      },
      async (request) => {
        const at = request.query.at ? instantOf('querystring.at', request.query.at) : this.options.now();
        requireCalendarInstant('querystring.at', at, calendar);
        // Near the end of the calendar's range the next open or close lies past it: null, not an error.
        const nextOpen = withinCalendar(() => calendar.nextOpen(at));
        const nextClose = withinCalendar(() => calendar.nextClose(at));
        return {
          at: iso(at),
          phase: calendar.phaseAt(at),
          open: calendar.isOpen(at),
          date: calendar.localDate(at),
          nextOpen: iso(nextOpen),
          nextClose: iso(nextClose),
          millisecondsToNextOpen: nextOpen === null ? null : nextOpen - at,
          millisecondsToNextClose: nextClose === null ? null : nextClose - at,
        };
      },
    );
    app.get('/services', { config: { permission: 'read' } }, async () => this.options.servicesHealth());
  }
}
