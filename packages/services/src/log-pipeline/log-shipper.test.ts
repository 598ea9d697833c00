// The log shipper: lines reach Elasticsearch's bulk API (through @elastic/elasticsearch-mock) with the
// index template and lifecycle policy installed first; while the cluster is away lines wait and are
// retried; refused items are retried when the refusal passes; a full queue drops the oldest, counted.
import { createRequire } from 'node:module';
import { type BaseConnection, Client } from '@elastic/elasticsearch';
import type { MockPattern } from '@elastic/elasticsearch-mock';
import { describe, expect, it } from 'vitest';
import { ElasticsearchLogTarget } from './elasticsearch-log-target.js';
import type { LogRecord } from './log-record.js';
import { LogShipper, type LogTarget } from './log-shipper.js';

// The mock is CommonJS and checks `instanceof` against the CommonJS build's error classes.
const require = createRequire(import.meta.url);
const { errors } = require('@elastic/elasticsearch') as typeof import('@elastic/elasticsearch');
interface MockRequest {
  readonly path: string;
  readonly body: unknown;
}
const Mock = require('@elastic/elasticsearch-mock') as new () => {
  add(pattern: MockPattern, resolver: (params: MockRequest) => unknown): void;
  getConnection(): typeof BaseConnection;
};

/** The bulk body as the mock hands it over: parsed NDJSON lines (or the raw text). */
function bulkLines(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body as Record<string, unknown>[];
  return String(body)
    .trim()
    .split('\n')
    .map((each) => JSON.parse(each) as Record<string, unknown>);
}

const line = (message: string, correlationId = 'signal-1') =>
  `${JSON.stringify({ level: 'info', time: '2026-11-30T09:00:00.000Z', service: 'trade-executor', correlationId, msg: message, orderId: 'o-1' })}\n`;

describe('the log shipper', () => {
  it('installs the lifecycle policy and data stream template, then ships lines through the bulk API', async () => {
    const mock = new Mock();
    const calls: { path: string; body: unknown }[] = [];
    mock.add({ method: 'PUT', path: '/_ilm/policy/:name' }, (params) => {
      calls.push({ path: params.path, body: params.body });
      return { acknowledged: true };
    });
    mock.add({ method: 'PUT', path: '/_index_template/:name' }, (params) => {
      calls.push({ path: params.path, body: params.body });
      return { acknowledged: true };
    });
    const bulks: Record<string, unknown>[][] = [];
    mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
      const lines = bulkLines(params.body);
      bulks.push(lines);
      return {
        errors: false,
        took: 1,
        items: lines.filter((_, index) => index % 2 === 0).map(() => ({ create: { status: 201 } })),
      };
    });
    const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
    const shipper = new LogShipper({ intervalMilliseconds: 10 });
    shipper.push(line('published SignalGenerated'));
    shipper.push('not json at all\n');
    shipper.push(line('published OrderFilled'));
    shipper.attach(new ElasticsearchLogTarget({ client, dataStream: 'ats-logs', retention: '90d' }));
    await shipper.ship();
    await shipper.stop();
    expect(calls.map((call) => call.path)).toEqual(['/_ilm/policy/ats-logs', '/_index_template/ats-logs']);
    expect(calls[0]?.body).toMatchObject({
      policy: { phases: { delete: { min_age: '90d', actions: { delete: {} } } } },
    });
    expect(calls[1]?.body).toMatchObject({
      index_patterns: ['ats-logs*'],
      data_stream: {},
      template: { settings: { 'index.lifecycle.name': 'ats-logs' } },
    });
    expect(bulks).toHaveLength(1);
    const documents = bulks[0] ?? [];
    expect(documents[0]).toEqual({ create: { _index: 'ats-logs' } });
    expect(documents[1]).toMatchObject({
      '@timestamp': '2026-11-30T09:00:00.000Z',
      service: 'trade-executor',
      correlation_id: 'signal-1',
      message: 'published SignalGenerated',
      fields: { orderId: 'o-1' },
    });
    expect(documents).toHaveLength(4);
    expect(shipper.shipped).toBe(2);
  });

  it('keeps lines while the cluster is away and ships them, in order, once it answers; retries items refused with 429', async () => {
    const mock = new Mock();
    mock.add({ method: 'PUT', path: ['/_ilm/policy/:name', '/_index_template/:name'] }, () => ({
      acknowledged: true,
    }));
    let available = false;
    let refuseOnce = true;
    const shippedMessages: string[] = [];
    mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
      if (!available)
        return new errors.ResponseError({
          body: { errors: {}, status: 503 },
          statusCode: 503,
        } as ConstructorParameters<typeof errors.ResponseError>[0]);
      const documents = bulkLines(params.body).filter((_, index) => index % 2 === 1) as { message: string }[];
      const items = documents.map((document, index) => {
        // The first item of the first accepted bulk is refused for a passing reason.
        if (index === 0 && refuseOnce) {
          refuseOnce = false;
          return { create: { status: 429, error: { type: 'es_rejected_execution_exception' } } };
        }
        shippedMessages.push(document.message);
        return { create: { status: 201 } };
      });
      return { errors: items.some((item) => item.create.status >= 300), took: 1, items };
    });
    const client = new Client({
      node: 'http://localhost:9200',
      Connection: mock.getConnection(),
      maxRetries: 0,
    });
    const shipper = new LogShipper({ intervalMilliseconds: 1_000_000, maxBackoffMilliseconds: 0 });
    shipper.attach(new ElasticsearchLogTarget({ client, dataStream: 'ats-logs', retention: '30d' }));
    for (const message of ['one', 'two', 'three']) shipper.push(line(message));
    await shipper.ship(Number.MAX_SAFE_INTEGER);
    expect([shipper.failures, shipper.shipped, shipper.pending, shippedMessages]).toEqual([1, 0, 3, []]);
    expect(shipper.pending).toBe(3);
    shipper.push(line('four'));
    available = true;
    await shipper.ship(Number.MAX_SAFE_INTEGER);
    await shipper.ship(Number.MAX_SAFE_INTEGER);
    expect(shippedMessages.sort()).toEqual(['four', 'one', 'three', 'two']);
    expect(shipper.pending).toBe(0);
    await shipper.stop();
  });

  it('never blocks the writer: a full queue drops its oldest lines and counts them', async () => {
    const written: LogRecord[] = [];
    const target: LogTarget = {
      name: 'memory',
      write: async (records) => {
        written.push(...records);
        return [];
      },
    };
    const shipper = new LogShipper({ capacity: 3 });
    for (const message of ['a', 'b', 'c', 'd', 'e']) shipper.push(line(message));
    expect(shipper.dropped).toBe(2);
    shipper.attach(target);
    await shipper.ship();
    await shipper.stop();
    expect(written.map((record) => record.message)).toEqual(['c', 'd', 'e']);
  });
});
