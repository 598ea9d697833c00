// Attaches the process's log shipper to the configured store: Elasticsearch when a URL is set, else the
// database's log table; and removes database logs older than `log_retention`.

import type { Database } from '@ats/persistence';
import { Client } from '@elastic/elasticsearch';
import type { AtsConfig } from '../config/config-schema.js';
import { durationMilliseconds } from '../wiring/config-mapping.js';
import { DatabaseLogTarget } from './database-log-target.js';
import { ElasticsearchLogTarget, elasticsearchDuration } from './elasticsearch-log-target.js';
import { type LogShipper, processLogShipper } from './log-shipper.js';
import { removeLogsBefore } from './log-store.js';

export function attachConfiguredLogShipping(
  config: AtsConfig,
  database: Database,
  shipper: LogShipper = processLogShipper,
): { stop(): Promise<void> } {
  const logs = config.monitoring.logs;
  if (logs.store === 'none') return { stop: async () => {} };
  if (logs.elasticsearch_url) {
    shipper.attach(
      new ElasticsearchLogTarget({
        client: new Client({ node: logs.elasticsearch_url }),
        dataStream: logs.index,
        retention: elasticsearchDuration(config.monitoring.log_retention),
      }),
    );
    return { stop: () => shipper.stop() };
  }
  shipper.attach(new DatabaseLogTarget(database));
  const retention = durationMilliseconds(config.monitoring.log_retention);
  const timer = setInterval(
    () => void removeLogsBefore(database, new Date(Date.now() - retention)).catch(() => {}),
    3_600_000,
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await shipper.stop();
    },
  };
}
