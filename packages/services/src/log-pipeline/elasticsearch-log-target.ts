// Log records into an Elasticsearch data stream through the bulk API, with the index template and the
// lifecycle policy (deletion after `log_retention`) installed first. Items the cluster refuses for a
// passing reason (429, 5xx) are handed back for retry; a mapping refusal (4xx) is dropped and counted.
import type { Client } from '@elastic/elasticsearch';
import type { LogRecord } from './log-record.js';
import type { LogTarget } from './log-shipper.js';

export interface ElasticsearchLogTargetOptions {
  readonly client: Client;
  /** The data stream (and the template's and policy's name), e.g. `ats-logs`. */
  readonly dataStream: string;
  /** Elasticsearch's duration for the delete phase, e.g. `90d`. */
  readonly retention: string;
}

/** Elasticsearch's time units for a configured duration (ms, s, m, h, d); numbers are milliseconds. */
export function elasticsearchDuration(duration: string | number): string {
  return typeof duration === 'number' ? `${duration}ms` : duration;
}

export class ElasticsearchLogTarget implements LogTarget {
  readonly name = 'elasticsearch';
  private prepared = false;
  rejected = 0;

  constructor(private readonly options: ElasticsearchLogTargetOptions) {}

  /** The lifecycle policy and the data stream's index template (idempotent: both are PUTs). */
  async prepare(): Promise<void> {
    const { client, dataStream, retention } = this.options;
    await client.ilm.putLifecycle({
      name: dataStream,
      policy: {
        phases: {
          hot: { actions: { rollover: { max_age: '1d', max_primary_shard_size: '50gb' } } },
          delete: { min_age: retention, actions: { delete: {} } },
        },
      },
    });
    await client.indices.putIndexTemplate({
      name: dataStream,
      index_patterns: [`${dataStream}*`],
      data_stream: {},
      priority: 200,
      template: {
        settings: { 'index.lifecycle.name': dataStream },
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            level: { type: 'keyword' },
            service: { type: 'keyword' },
            correlation_id: { type: 'keyword' },
            message: { type: 'text' },
            fields: { type: 'flattened' },
          },
        },
      },
    });
    this.prepared = true;
  }

  async write(records: readonly LogRecord[]): Promise<readonly LogRecord[]> {
    if (!this.prepared) await this.prepare();
    const { client, dataStream } = this.options;
    const operations: unknown[] = [];
    for (const record of records)
      operations.push(
        { create: { _index: dataStream } },
        {
          '@timestamp': record.time,
          level: record.level,
          service: record.service,
          correlation_id: record.correlationId,
          message: record.message,
          fields: record.fields,
        },
      );
    const answer = await client.bulk({ operations });
    if (!answer.errors) return [];
    const retry: LogRecord[] = [];
    answer.items.forEach((item, index) => {
      const status = item.create?.status ?? 0;
      if (status < 300) return;
      const record = records[index];
      if (record && (status === 429 || status >= 500)) retry.push(record);
      else this.rejected += 1;
    });
    return retry;
  }
}
