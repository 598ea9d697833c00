// The Audit service's wiring, alike in one process and in its own: the chain writer, the bus topics it
// keeps (orders, fills, risk decisions, halts, operator requests), retention, and its HTTP module.
import { dirname } from 'node:path';
import { topics } from '@ats/core';
import { auditEntryOfEvent } from '../audit/audit-event-entries.js';
import { AuditLogWriter } from '../audit/audit-log-writer.js';
import { AuditModule } from '../audit/audit-module.js';
import { applyAuditRetention } from '../audit/audit-retention.js';
import { type AuditSigningKey, loadAuditSigningKey } from '../audit/audit-signing-key.js';
import { securityEventEntry } from '../audit/security-event-entries.js';
import type { AtsConfig } from '../config/config-schema.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import type { ServiceContext, ServiceInstance } from './service-context.js';

/** The topics whose events the trail keeps. */
export const auditedTopics = [
  topics.orderEvents,
  topics.tradesExecuted,
  topics.riskAssessments,
  topics.tradingHalts,
  topics.ordersRequested,
] as const;

/** The deployment's checkpoint key: from the environment, or kept beside the embedded store. */
export function auditSigningKeyOf(config: AtsConfig): AuditSigningKey {
  return loadAuditSigningKey({ dataFolder: dirname(config.database.data_directory) });
}

/** One chain writer per process: the audit service's subscriptions and every API call of the process. */
export function auditWriterOf(
  context: Pick<ServiceContext, 'config' | 'database' | 'logger'>,
): AuditLogWriter {
  const { config } = context;
  return new AuditLogWriter({
    database: context.database,
    signingKey: auditSigningKeyOf(config),
    checkpointEvery: config.audit.checkpoint_every,
    checkpointIntervalMilliseconds: durationMilliseconds(config.audit.checkpoint_interval),
    onError: (error) => context.logger.error({ err: error }, 'audit write failed; the batch stays queued'),
  });
}

export function buildAudit(
  context: ServiceContext,
  writer: AuditLogWriter = auditWriterOf(context),
): ServiceInstance & { readonly writer: AuditLogWriter } {
  const { config, bus, database, metrics, logger, onError } = context;
  const signingKey = auditSigningKeyOf(config);
  const subscriptions: { unsubscribe(): Promise<void> }[] = [];
  let retentionTimer: NodeJS.Timeout | null = null;
  const retention = () =>
    applyAuditRetention({
      database,
      retentionMilliseconds: durationMilliseconds(config.monitoring.log_retention),
      now: Date.now(),
      recorder: writer,
    })
      .then((outcome) => {
        if (outcome.throughSeq !== null) logger.info(outcome, 'audit retention removed old records');
      })
      .catch(onError);
  return {
    writer,
    module: new AuditModule({ database, writer, signingKey, metrics }),
    async start() {
      for (const topic of auditedTopics)
        subscriptions.push(
          bus.subscribe(
            topic,
            (event) => {
              const entry = auditEntryOfEvent(event, 'bus');
              // Acknowledged only once stored (durable topics across processes); in one process the
              // bus does not wait, and the entry joins the next batch.
              return entry ? writer.recordDurably(entry) : undefined;
            },
            { group: 'audit' },
          ),
        );
      // The security layer's events (logins, lockouts, keys), once it publishes them on a topic.
      const securityTopic = (topics as Readonly<Record<string, unknown>>).securityEvents;
      if (typeof securityTopic === 'string')
        subscriptions.push(
          bus.subscribe(
            securityTopic,
            (event) => {
              const entry = securityEventEntry(event, 'bus');
              return entry ? writer.recordDurably(entry) : undefined;
            },
            { group: 'audit' },
          ),
        );
      retentionTimer = setInterval(retention, durationMilliseconds(config.audit.retention_check_interval));
      retentionTimer.unref();
    },
    async stop() {
      if (retentionTimer) clearInterval(retentionTimer);
      for (const subscription of subscriptions.splice(0)) await subscription.unsubscribe().catch(onError);
      // Flushed, not closed: the process's HTTP app still records the calls it answers until it closes.
      await writer.flush().catch(onError);
    },
  };
}
