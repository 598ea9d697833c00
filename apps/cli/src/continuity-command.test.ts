// `ats continuity status`, the built CLI in its own process, against one-process nodes on the paper
// venue: with protective stops on it prints the stop held at the venue for a position (as the Trade
// Executor's /protective-stops route gives it) after the manual override state and the liquidation
// plan; with them off it says so.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createLogger,
  type RunningNode,
  startOneProcessNode,
  testAdminHeaders,
  testNodeConfig,
} from '@ats/services';
import { afterEach, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
let node: RunningNode | null = null;
afterEach(async () => {
  await node?.stop();
  node = null;
});

/** A one-process node with no strategy (only the operator trades), protective stops on or off. */
async function startNode(protectiveStops: boolean): Promise<RunningNode> {
  const directory = mkdtempSync(join(tmpdir(), 'ats-continuity-cli-'));
  const config = testNodeConfig(directory, {
    market: { speed: 60, seed: 3 },
    strategies: [],
    risk_limits: { max_price_age: '4h' },
    execution: {
      max_approval_age: '4h',
      // 20%: far enough that the simulated market does not reach it while the test runs.
      protective_stops: { enabled: protectiveStops, distance_basis_points: 2000, check_interval: '1s' },
    },
  });
  return startOneProcessNode({ config, logger: createLogger({ level: 'silent', service: 'test' }), port: 0 });
}

async function until(check: () => boolean | Promise<boolean>, what: string, milliseconds = 60_000) {
  const deadline = Date.now() + milliseconds;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${milliseconds} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ats continuity status` in its own process (asynchronously: the node lives in this process). */
function continuityStatus(url: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        main,
        'continuity',
        '--risk-url',
        `${url}/api/risk-manager`,
        '--executor-url',
        `${url}/api/trade-executor`,
        'status',
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          ATS_API_KEY: testAdminHeaders['x-api-key'] as string,
          ATS_TOKEN: '',
          ATS_CREDENTIALS_FILE: '/nonexistent/ats-credentials.json',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface ProtectiveStopsAnswer {
  enabled: boolean;
  stops: {
    symbol: string;
    orderId: string;
    side: string;
    quantity: number;
    stopPrice: string;
    status: string | null;
  }[];
}

describe('ats continuity status', () => {
  it('prints the protective stop held at the venue for a position, as the Trade Executor reports it', async () => {
    const running = await startNode(true);
    node = running;
    await until(() => running.kernel.portfolio.mark('AAPL' as never) !== null, 'a quote of AAPL');
    const placed = await running.app.inject({
      method: 'POST',
      url: '/api/trade-executor/orders',
      headers: testAdminHeaders,
      payload: { symbol: 'AAPL', side: 'BUY', quantity: 10, type: 'MARKET' },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const stops = async () =>
      (
        await running.app.inject({
          method: 'GET',
          url: '/api/trade-executor/protective-stops',
          headers: testAdminHeaders,
        })
      ).json() as ProtectiveStopsAnswer;
    await until(
      async () => (await stops()).stops.some((stop) => stop.quantity === 10 && stop.status === 'ACCEPTED'),
      'a protective stop for 10 AAPL accepted at the venue',
    );
    const [stop] = (await stops()).stops;

    const run = await continuityStatus(running.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^manual override off/);
    expect(lines).toContain('protective stops held at the venue (2000 bp from the average cost): 1');
    const header = lines.findIndex((line) => line.startsWith('symbol') && line.includes('stop price'));
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]?.split(/\s+/)).toEqual([
      'AAPL',
      'SELL',
      '10',
      stop?.stopPrice,
      'ACCEPTED',
      stop?.orderId,
    ]);
    // The liquidation plan comes before the stops and lists the same position.
    const plan = lines.findIndex((line) => line.startsWith('emergency liquidation order'));
    expect(plan).toBeGreaterThan(0);
    expect(plan).toBeLessThan(header);
    expect(lines.slice(plan, header).some((line) => /^1\s+AAPL\s+10\s/.test(line))).toBe(true);
  }, 180_000);

  it('says the protective stops are off when execution.protective_stops.enabled is false', async () => {
    const running = await startNode(false);
    node = running;
    const run = await continuityStatus(running.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^manual override off/);
    expect(lines).toContain('no open position');
    expect(lines.at(-1)).toBe('protective stops: off (execution.protective_stops.enabled is false)');
  }, 180_000);
});
