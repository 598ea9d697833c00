// What /health says besides the service's own state: whether its database answers, whether its bus is
// connected, and whether each durable consumer makes progress. A consumer stuck longer than the
// configured time makes the service down, so the supervisor restarts it. A database that fails is
// down at once; one that is only slow (busy, its queue long) is degraded until it has not answered
// for that same time, since restarting the service would not make it answer sooner.
import type { MessageBus } from '@ats/core';
import type { Database } from '@ats/persistence';
import type { BusHealth } from '@ats/redis';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';

export interface InfrastructureHealthOptions {
  readonly database: Database;
  readonly bus: MessageBus & { health?: () => Promise<BusHealth> };
  /** A consumer busy with one entry, or unable to read, for longer than this is stuck. */
  readonly stuckAfterMilliseconds: number;
  /** How long the database and the bus each have to answer one check (1.5 s by default). */
  readonly answerWithinMilliseconds?: number;
  readonly now?: () => number;
}

const rank = { up: 0, degraded: 1, down: 2 } as const;

function withTimeout<T>(work: Promise<T>, milliseconds: number, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      const timer = setTimeout(
        () => reject(new NoAnswerInTime(`${what} did not answer within ${milliseconds} ms`)),
        milliseconds,
      );
      timer.unref?.();
    }),
  ]);
}

/** A query that did not answer in time: slow, not (yet) failed. */
class NoAnswerInTime extends Error {}

export function infrastructureHealthOf(options: InfrastructureHealthOptions): () => Promise<ServiceHealth> {
  const now = options.now ?? Date.now;
  const answerWithin = options.answerWithinMilliseconds ?? 1_500;
  // When the database last answered; a slow answer counts from the first check that saw none.
  let databaseAnsweredAt: number | null = null;
  // One check at a time: the node's /health asks once per module, and each asking its own
  // `SELECT 1` put a dozen queries in the embedded database's queue behind the platform's writes.
  let running: Promise<ServiceHealth> | null = null;
  const check = async (): Promise<ServiceHealth> => {
    const problems: string[] = [];
    let status: ServiceHealth['status'] = 'up';
    const worsen = (to: ServiceHealth['status'], problem: string) => {
      problems.push(problem);
      if (rank[to] > rank[status]) status = to;
    };
    // Both checks run at once and answer within 1.5 s, so /health answers within the supervisor's 2 s.
    const [databaseCheck, busCheck] = await Promise.allSettled([
      (async () => {
        const started = now();
        await withTimeout(options.database.query('SELECT 1'), answerWithin, 'the database');
        return now() - started;
      })(),
      options.bus.health ? withTimeout(options.bus.health(), answerWithin, 'the bus') : Promise.resolve(null),
    ]);
    let database: Record<string, unknown>;
    if (databaseCheck.status === 'fulfilled') {
      databaseAnsweredAt = now();
      database = { connected: true, latencyMilliseconds: databaseCheck.value };
    } else {
      const reason = databaseCheck.reason as Error;
      database = { connected: false, error: reason.message };
      if (reason instanceof NoAnswerInTime) {
        databaseAnsweredAt ??= now();
        const silentFor = now() - databaseAnsweredAt;
        if (silentFor > options.stuckAfterMilliseconds)
          worsen('down', `database: has not answered for ${silentFor} ms`);
        else worsen('degraded', `database: ${reason.message}`);
      } else worsen('down', `database: ${reason.message}`);
    }
    let bus: Record<string, unknown> = { kind: 'in-process', connected: true };
    if (busCheck.status === 'rejected') {
      // Redis not answering (paused, restarting): the service itself is fine and waits; the consumers'
      // own progress decides when it is stuck.
      worsen('degraded', `bus: ${(busCheck.reason as Error).message}`);
      bus = { kind: 'redis', connected: false };
    } else if (busCheck.value) {
      const health = busCheck.value;
      // A lost connection alone is degraded (it reconnects by itself); consumers that cannot read for
      // longer than the limit make the service down.
      if (!health.connected) worsen('degraded', 'bus: not connected');
      const limit = options.stuckAfterMilliseconds;
      for (const consumer of health.consumers) {
        const name = `${consumer.stream} (${consumer.group})`;
        if (consumer.handlingSince !== null && now() - consumer.handlingSince > limit)
          worsen('down', `consumer ${name} stuck on one entry for ${now() - consumer.handlingSince} ms`);
        else if (consumer.lastReadAt !== null && now() - consumer.lastReadAt > limit)
          worsen('down', `consumer ${name} has not read for ${now() - consumer.lastReadAt} ms`);
        else if (consumer.consecutiveFailures > 0)
          worsen('degraded', `consumer ${name}: ${consumer.consecutiveFailures} failed reads in a row`);
      }
      bus = { kind: 'redis', ...health };
    }
    return { status, detail: { database, bus, ...(problems.length > 0 ? { problems } : {}) } };
  };
  return () => {
    running ??= check().finally(() => {
      running = null;
    });
    return running;
  };
}

/** The module with its health widened by the infrastructure's: the worse status wins. */
export function withInfrastructureHealth(
  module: ServiceModule,
  infrastructure: () => Promise<ServiceHealth>,
): ServiceModule {
  return {
    name: module.name,
    metrics: module.metrics,
    routes: (app) => module.routes(app),
    async health() {
      const [own, shared] = await Promise.all([module.health(), infrastructure()]);
      const status = rank[shared.status] > rank[own.status] ? shared.status : own.status;
      return { status, detail: { ...own.detail, ...shared.detail } };
    },
  };
}
