// One correlation id from signal to fill across processes: under the supervisor, the Strategy Engine,
// the Risk Manager and the Trade Executor each log one order's events under one id, in their pino JSON
// lines and in the PostgreSQL log table (found through the Monitoring service's /logs); and an operator's
// order keeps the X-Correlation-Id of the HTTP request that placed it, through the Risk Manager, to its fill.
import { randomBytes } from 'node:crypto';
import { testAdminHeaders } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';
import {
  busyTradingYaml,
  type Deployment,
  startDeployment,
  waitFor,
} from './support/distributed-deployment.js';

const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
if (!enabled && process.env.CI === 'true')
  throw new Error('CI=true but DATABASE_URL or REDIS_URL is not set: the correlation test cannot run');

interface JsonLine {
  readonly service: string;
  readonly correlationId?: string;
  readonly orderId?: string;
  readonly msg: string;
}

/** The services' pino JSON lines, as the supervisor relays them (`[service] {...}`). */
function jsonLines(lines: readonly string[]): JsonLine[] {
  const parsed: JsonLine[] = [];
  for (const line of lines) {
    const match = /^\[([a-z-]+)\] (\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      parsed.push(JSON.parse(match[2] as string) as JsonLine);
    } catch {
      // Not a log line (a service's plain output).
    }
  }
  return parsed;
}

interface StoredLine {
  readonly service: string;
  readonly correlationId: string | null;
  readonly message: string;
}

let deployment: Deployment | null = null;
afterAll(async () => {
  await deployment?.dispose();
});

describe.runIf(enabled)('correlation ids across processes (multi-process mode)', () => {
  it("logs one order's signal, approval, order and fill under one id in the Strategy Engine, Risk Manager and Trade Executor, in JSON lines and the log table; an operator's order keeps its request's X-Correlation-Id", async () => {
    deployment = await startDeployment({
      databaseUrl: databaseUrl as string,
      redisUrl: redisUrl as string,
      // Info level: every published event of the trading flow is one line.
      yaml: busyTradingYaml(47).map((line) => (line === '  level: warn' ? '  level: info' : line)),
    });
    const target = deployment;

    // A fill whose flow the three services logged, in the log table (shipped every second).
    const flows = await waitFor(
      () =>
        target.database.query<{ correlation_id: string; services: string[] }>(
          `SELECT correlation_id, array_agg(DISTINCT service) AS services FROM log_entries
            WHERE correlation_id IN (SELECT correlation_id FROM log_entries
                                      WHERE service = 'trade-executor' AND message = 'published OrderFilled')
            GROUP BY correlation_id`,
        ),
      (rows) =>
        rows.some((row) =>
          ['strategy-engine', 'risk-manager', 'trade-executor'].every((service) =>
            row.services.includes(service),
          ),
        ),
      150_000,
      'a filled order logged by the three services under one id',
    );
    const flow = flows.find((row) =>
      ['strategy-engine', 'risk-manager', 'trade-executor'].every((service) =>
        row.services.includes(service),
      ),
    ) as { correlation_id: string };
    const correlationId = flow.correlation_id;

    // Through the Monitoring service (run by the supervisor): the flow's lines, each where it belongs.
    const answer = await fetch(
      `${target.url('monitoring')}/logs?correlation_id=${encodeURIComponent(correlationId)}&limit=1000`,
      { headers: testAdminHeaders },
    );
    expect(answer.status).toBe(200);
    const stored = ((await answer.json()) as { logs: StoredLine[] }).logs;
    const published = (service: string) =>
      new Set(stored.filter((line) => line.service === service).map((line) => line.message));
    expect(published('strategy-engine')).toContain('published SignalGenerated');
    expect(published('risk-manager')).toContain('published SignalApproved');
    for (const message of ['published OrderInitialized', 'published OrderFilled'])
      expect(published('trade-executor')).toContain(message);

    // The same in the pino JSON lines the processes wrote: and every executor line of that order
    // (by its order id) carries the flow's id, none another.
    const json = jsonLines(target.lines);
    const ofFlow = json.filter((line) => line.correlationId === correlationId);
    expect(new Set(ofFlow.map((line) => line.service))).toEqual(
      new Set(['strategy-engine', 'risk-manager', 'trade-executor']),
    );
    const orderIds = new Set(ofFlow.flatMap((line) => (line.orderId ? [line.orderId] : [])));
    expect(orderIds.size).toBe(1);
    const orderLines = json.filter((line) => line.orderId !== undefined && orderIds.has(line.orderId));
    expect(orderLines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(orderLines.map((line) => line.correlationId))).toEqual(new Set([correlationId]));

    // An operator's order: the X-Correlation-Id of its HTTP request is its flow's id in both processes.
    const requestCorrelation = `operator-${randomBytes(6).toString('hex')}`;
    const placed = await fetch(`${target.url('trade-executor')}/orders`, {
      method: 'POST',
      headers: {
        ...testAdminHeaders,
        'content-type': 'application/json',
        'x-correlation-id': requestCorrelation,
      },
      body: JSON.stringify({ symbol: 'AAPL', side: 'BUY', quantity: 1, type: 'MARKET' }),
    });
    expect(placed.headers.get('x-correlation-id')).toBe(requestCorrelation);
    // The fast market may be closed by now, and then risk refuses the order (422): the refusal is
    // that flow's too. Either way the Risk Manager's answer and the executor's lines carry the id.
    const outcome = (await placed.json()) as { status?: string; reason?: string; message?: string };
    expect([200, 201, 202, 422], JSON.stringify(outcome)).toContain(placed.status);
    const refused = placed.status === 422;
    const expected: readonly (readonly [string, string])[] = refused
      ? [
          ['trade-executor', 'published OrderRequested'],
          ['risk-manager', 'published SignalRejected'],
        ]
      : [
          ['trade-executor', 'published OrderRequested'],
          ['risk-manager', 'published SignalApproved'],
          ['trade-executor', 'published OrderInitialized'],
          ['trade-executor', 'published OrderFilled'],
        ];
    await waitFor(
      async () => jsonLines(target.lines).filter((line) => line.correlationId === requestCorrelation),
      (lines) =>
        expected.every(([service, message]) =>
          lines.some((line) => line.service === service && line.msg === message),
        ),
      60_000,
      `the operator's order ${refused ? 'refused' : 'approved and filled'} under its request's id`,
    );
    // And in the log table, by the same id.
    await waitFor(
      () =>
        target.database.query<{ service: string }>(
          'SELECT DISTINCT service FROM log_entries WHERE correlation_id = $1',
          [requestCorrelation],
        ),
      (rows) => rows.length === 2,
      20_000,
      "the operator order's lines in the log table",
    );
  }, 300_000);
});
