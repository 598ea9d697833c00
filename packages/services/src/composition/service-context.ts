// What every service's wiring receives, the same in one process and in its own process: the bus, the
// database, the clock, metrics, ids and configuration. Only the transports behind them differ.
import type { Clock, IdGenerator, MessageBus, Repositories } from '@ats/core';
import type { Database } from '@ats/persistence';
import type { AuditRecorder } from '../audit/audit-recorder.js';
import type { AtsConfig } from '../config/config-schema.js';
import type { ServiceModule } from '../http/service-module.js';
import type { Logger } from '../logging/create-logger.js';
import type { PrometheusMetrics } from '../metrics/prometheus-metrics.js';

export interface ServiceContext {
  readonly config: AtsConfig;
  readonly logger: Logger;
  readonly bus: MessageBus;
  readonly database: Database;
  readonly repositories: Repositories;
  /**
   * Repositories for the read-only REST endpoints: over the read replica when
   * `database.read_replica_url` is set (multi-process mode), else absent and `repositories` serve.
   */
  readonly readRepositories?: Repositories;
  /** The read replica's connection, when one is configured (its repositories are readRepositories). */
  readonly readDatabase?: Database;
  readonly metrics: PrometheusMetrics;
  readonly ids: IdGenerator;
  /** Market time: the simulated market's clock, or one that follows the quotes on the bus. */
  readonly clock: Clock;
  readonly onError: (error: unknown) => void;
  /** The process's audit trail: logins, security events and changes are recorded through it. */
  readonly audit?: AuditRecorder;
  /** This process's instance name when a service runs several instances (`ats service --instance`). */
  readonly instance?: string;
  /**
   * Registers a call for when the bus may have lost entries: `since` null when Redis lost its data
   * (restarted empty), else the epoch ms from which entries may be missing (a Sentinel failover: the
   * old primary's newest entries may not have reached the replica). Absent in process.
   */
  readonly onBusDataLoss?: (listener: (since: number | null) => void) => void;
}

/**
 * After the bus lost its data, a service's relay publishes again what it wrote in the redelivery
 * window; consumers skip what they had handled (they are idempotent by id).
 */
export function redeliverOnDataLoss(
  context: ServiceContext,
  relay: { redeliverSince(since: number): Promise<number> },
  windowMilliseconds: number,
): void {
  context.onBusDataLoss?.((since) => {
    const from = Math.max(since ?? 0, Date.now() - windowMilliseconds);
    relay
      .redeliverSince(from)
      .then((count) =>
        context.logger.warn(
          { count, since: new Date(from).toISOString() },
          since === null
            ? 'the bus lost its data: outbox events relayed again'
            : 'another Redis server answers (failover): outbox events since shortly before relayed again',
        ),
      )
      .catch(context.onError);
  });
}

/** A service wired and ready: `start` subscribes and begins work, `stop` drains and unsubscribes. */
export interface ServiceInstance {
  readonly module: ServiceModule;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A timer-backed wait, injected where engines retry (they read no timer of their own). */
export const delay = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, milliseconds).unref?.();
  });
