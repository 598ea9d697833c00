// Every finding of the malformed-request run, replayed on the one-process app: each answers 4xx naming the field, never 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAdminHeaders } from '../security/test-credentials.js';
import { buildCombinedAppFixture, type CombinedAppFixture } from '../testing/combined-app-fixture.js';

let fixture: CombinedAppFixture;
beforeAll(async () => {
  fixture = await buildCombinedAppFixture();
});
afterAll(async () => fixture.close());

const get = (url: string) => fixture.app.inject({ headers: testAdminHeaders, method: 'GET', url });
const post = (url: string, payload: unknown) =>
  fixture.app.inject({ headers: testAdminHeaders, method: 'POST', url, payload: payload as object });

const listRoutes = [
  '/api/data-collector/quotes?symbol=AAPL&',
  '/api/strategy-engine/signals?',
  '/api/risk-manager/assessments?',
  '/api/trade-executor/orders?',
  '/api/trade-executor/trades?',
  '/api/trade-executor/reconciliation?',
  '/api/scheduler/runs?',
  '/api/scheduler/jobs/daily-backup/runs?',
  '/api/backtesting/runs?',
];

describe('numbers', () => {
  it.each(
    listRoutes.flatMap((route) => ['Infinity', '1e309', '-Infinity', '1e308'].map((limit) => [route, limit])),
  )('%slimit=%s answers 400 naming limit, without SQL', async (route, limit) => {
    const answer = await get(`${route}limit=${limit}`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'INVALID_INPUT', field: 'querystring.limit' });
    expect(answer.body).not.toMatch(/SELECT|bigint/);
  });

  it('refuses a backtest commission of 1e308 basis points, naming the field', async () => {
    const answer = await post('/api/backtesting/runs', {
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      commissionBps: 1e308,
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'body.commissionBps' });
  });

  it('refuses a zero starting cash and out-of-range parameters in a backtest', async () => {
    for (const [body, field] of [
      [{ cash: '0' }, 'body.cash'],
      [{ parameters: { fast: 1e300 } }, 'body.parameters.fast'],
      [{ slippageBps: -1 }, 'body.slippageBps'],
    ] as const) {
      const answer = await post('/api/backtesting/runs', {
        strategy: 'sma-cross',
        symbols: ['ORCL'],
        ...body,
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ field });
    }
  });
});

describe('dates', () => {
  it.each(['2010-13-45', '2023-02-29', '2010-1-5'])('refuses the impossible date %s', async (date) => {
    const answer = await get(`/api/scheduler/calendar/sessions?from=${date}&to=2024-01-10`);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'querystring.from' });
  });

  it('refuses from after to on sessions, bars and backtests', async () => {
    const sessions = await get('/api/scheduler/calendar/sessions?from=2024-02-01&to=2024-01-01');
    expect(sessions.statusCode).toBe(400);
    expect(sessions.json()).toMatchObject({ field: 'querystring.from' });
    const bars = await get(
      '/api/data-collector/bars?symbol=AAPL&from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z',
    );
    expect(bars.statusCode).toBe(400);
    expect(bars.json()).toMatchObject({ field: 'querystring.from' });
    const run = await post('/api/backtesting/runs', {
      strategy: 'sma-cross',
      symbols: ['ORCL'],
      from: '2005-01-01',
      to: '2004-01-01',
    });
    expect(run.statusCode).toBe(400);
    expect(run.json()).toMatchObject({ field: 'body.from' });
  });

  it('refuses a sessions span longer than five years, naming to', async () => {
    const answer = await get('/api/scheduler/calendar/sessions?from=1995-01-01&to=2030-12-31');
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ field: 'querystring.to' });
  });

  it('answers the calendar status at the end of its range with no next open, and 400 naming the range past it', async () => {
    const last = await get('/api/scheduler/calendar/status?at=2050-12-31T23:00:00Z');
    expect(last.statusCode).toBe(200);
    expect(last.json()).toMatchObject({ nextOpen: null, millisecondsToNextOpen: null });
    const past = await get('/api/scheduler/calendar/status?at=2051-06-01T15:00:00Z');
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toMatch(/1990-01-01 to 2050-12-31/);
    const sessions = await get('/api/scheduler/calendar/sessions?from=1980-01-01&to=1980-02-01');
    expect(sessions.statusCode).toBe(400);
    expect(sessions.json().message).toMatch(/1990-01-01 to 2050-12-31/);
  });
});

describe('inherited names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    "refuses '%s' as a job kind, a job id and a strategy kind",
    async (name) => {
      const trigger = { type: 'session', at: 'close' };
      const kind = await post('/api/scheduler/jobs', { id: 'by-name', kind: name, trigger });
      expect(kind.statusCode).toBe(400);
      expect(kind.json()).toMatchObject({ field: 'body.kind' });
      const id = await post('/api/scheduler/jobs', { id: name, kind: 'session-close', trigger });
      expect(id.statusCode).toBe(400);
      expect(id.json()).toMatchObject({ field: 'body.id' });
      const pause = await fixture.app.inject({
        headers: testAdminHeaders,
        method: 'POST',
        url: `/api/scheduler/jobs/${name}/pause`,
      });
      expect(pause.statusCode).toBe(400);
      const strategy = await post('/api/backtesting/runs', { strategy: name, symbols: ['ORCL'] });
      expect(strategy.statusCode).toBe(400);
      expect(strategy.json()).toMatchObject({ field: 'body.strategy' });
    },
  );
});

describe('scheduler jobs', () => {
  const jobIds = async () =>
    ((await get('/api/scheduler/jobs')).json() as { id: string }[]).map((job) => job.id);

  it.each([
    [{ type: 'interval', everyMilliseconds: 1e308 }, 'body.trigger.everyMilliseconds'],
    [{ type: 'interval', everyMilliseconds: 1e14 }, 'body.trigger.everyMilliseconds'],
    [{ type: 'interval', everyMilliseconds: 1_000 }, 'trigger.everyMilliseconds'],
    [{ type: 'cron', expression: '0 0 30 2 *' }, 'trigger'],
    [{ type: 'cron', expression: '0 0 * * *', timeZone: 'Mars/Olympus' }, 'trigger.expression'],
    [{ type: 'session-interval' }, 'trigger.everyMinutes'],
  ])('refuses the trigger %j naming %s, and saves nothing', async (trigger, field) => {
    const answer = await post('/api/scheduler/jobs', { id: 'bad-trigger', kind: 'session-close', trigger });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'INVALID_INPUT', field });
    expect(await jobIds()).not.toContain('bad-trigger');
    expect((await get('/api/scheduler/jobs')).statusCode).toBe(200);
  });

  it('refuses a database-backup retention of 0 and an unknown option, and saves nothing', async () => {
    const trigger = { type: 'session', at: 'close', offsetMinutes: 60 };
    for (const [options, field] of [
      [{ retention: 0 }, 'options.retention'],
      [{ retention: 1e308 }, 'options.retention'],
      [{ retentoin: 3 }, 'options.retentoin'],
    ] as const) {
      const answer = await post('/api/scheduler/jobs', {
        id: 'bad-backup',
        kind: 'database-backup',
        trigger,
        options,
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.json()).toMatchObject({ field });
    }
    expect(await jobIds()).not.toContain('bad-backup');
  });

  it('refuses a backup every market minute (backups need an hour between runs)', async () => {
    const answer = await post('/api/scheduler/jobs', {
      id: 'backup-storm',
      kind: 'database-backup',
      trigger: { type: 'session-interval', everyMinutes: 1 },
      options: { retention: 1 },
    });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().message).toMatch(/'database-backup' jobs need at least 3600000 ms/);
    expect(await jobIds()).not.toContain('backup-storm');
  });

  it('accepts a good job and lists it', async () => {
    const answer = await post('/api/scheduler/jobs', {
      id: 'hourly-backup',
      kind: 'database-backup',
      trigger: { type: 'interval', everyMilliseconds: 3_600_000 },
      options: { retention: 3 },
    });
    expect(answer.statusCode).toBe(201);
    expect(await jobIds()).toContain('hourly-backup');
  });
});
