// The scheduler's guards in a running node: the shortest interval in wall time, option checks, and the alert of a disabled job.
import { type IdGenerator, type MessageBus, topics } from '@ats/core';
import type { AtsConfig } from '../config/config-schema.js';
import type { Logger } from '../logging/create-logger.js';
import { builtInJobSpacing, checkBuiltInJobOptions } from './built-in-job-options.js';

export interface SchedulerSafetyDependencies {
  readonly config: AtsConfig;
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  readonly clock: { now(): number };
  readonly logger: Logger;
}

/** One second of wall time: the shortest interval a job may run at, whatever the market's speed. */
const minimumWallMilliseconds = 1_000;

/**
 * Options to spread into a JobScheduler. Triggers run on market time, so the shortest interval in
 * market milliseconds is one wall second times the market's speed (120 s at 120x): a job every
 * 1,000 market ms at 120x would otherwise run every 8 real ms.
 */
export function schedulerSafetyOf(dependencies: SchedulerSafetyDependencies) {
  const { config, bus, ids, clock, logger } = dependencies;
  return {
    minimumIntervalMilliseconds: Math.max(1_000, Math.ceil(minimumWallMilliseconds * config.market.speed)),
    validateOptions: checkBuiltInJobOptions,
    minimumSpacingOfKind: builtInJobSpacing,
    onJobDisabled: (jobId: string, reason: string) => {
      logger.error({ jobId, reason }, `scheduled job '${jobId}' disabled: ${reason}`);
      const at = clock.now();
      const message = `job '${jobId}' cannot be scheduled and was paused: ${reason}`;
      const header = { id: ids.eventId(), occurredAt: at, receivedAt: at, causationId: null };
      bus.publish(topics.riskAlerts, {
        type: 'RiskAlertRaised',
        ...header,
        code: 'SCHEDULER_JOB_DISABLED',
        severity: 'critical',
        message,
      });
      bus.publish(topics.systemHealth, {
        type: 'HealthReported',
        ...header,
        id: ids.eventId(),
        service: 'scheduler',
        status: 'degraded',
        detail: message,
      });
    },
  };
}
