// What /health says besides the service's own state: whether its database answers, whether its bus is
// connected, and whether each durable consumer makes progress. A consumer stuck longer than the
// configured time makes the service down, so the supervisor restarts it.
import type { MessageBus } from '@ats/core';
import type { Database } from '@ats/persistence';
import type { BusHealth } from '@ats/redis';
import type { ServiceHealth, ServiceModule } from '../http/service-module.js';

export interface InfrastructureHealthOptions {
  readonly database: Database;
  readonly bus: MessageBus & { health?: () => Promise<BusHealth> };
  /** A consumer busy with one entry, or unable to read, for longer than this is stuck. */
  readonly stuckAfterMilliseconds: number;
  readonly now?: () => number;
}

const rank = { up: 0, degraded: 1, down: 2 } as const;

function withTimeout<T>(work: Promise<T>, milliseconds: number, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${milliseconds} ms`)),
        milliseconds,
      );
      timer.unref?.();
    }),
  ]);
}

export function infrastructureHealthOf(options: InfrastructureHealthOptions): () => Promise<ServiceHealth> {
  const now = options.now ?? Date.now;
  return async () => {
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
        await withTimeout(options.database.query('SELECT 1'), 1_500, 'the database');
        return now() - started;
      })(),
      options.bus.health ? withTimeout(options.bus.health(), 1_500, 'the bus') : Promise.resolve(null),
    ]);
    let database: Record<string, unknown>;
    if (databaseCheck.status === 'fulfilled')
      database = { connected: true, latencyMilliseconds: databaseCheck.value };
    else {
      const message = (databaseCheck.reason as Error).message;
      database = { connected: false, error: message };
      worsen('down', `database: ${message}`);
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
