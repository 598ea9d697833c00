// `ats tca` on a paper-trading session of the one-process node: a TWAP parent and the strategy's own
// orders are analysed; the table, CSV and JSON show every metric, and the HTML report's chart is drawn
// in Chromium.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, startOneProcessNode, testAdminHeaders, testNodeConfig } from '@ats/services';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv } from './commands/tca-action.js';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'ats-tca-'));
let stopNode: (() => Promise<void>) | null = null;
afterAll(async () => {
  await stopNode?.();
});

const metrics = [
  'arrival_price',
  'average_price',
  'interval_vwap',
  'close_price',
  'slippage_arrival_bps',
  'slippage_vwap_bps',
  'slippage_close_bps',
  'delay_cost',
  'trading_cost',
  'opportunity_cost',
  'shortfall_bps',
  'commissions',
  'fill_rate',
  'decision_to_submit_ms',
  'submit_to_ack_ms',
  'ack_to_first_fill_ms',
  'first_to_last_fill_ms',
  'venues',
] as const;

/** Runs `ats tca` in its own process (asynchronously: the node it calls lives in this process). */
function ats(url: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [main, 'tca', '--url', `${url}/api/trade-executor`, ...args],
      {
        encoding: 'utf8',
        env: { ...process.env, ATS_API_KEY: testAdminHeaders['x-api-key'] as string, ATS_TOKEN: '' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`ats tca ${args.join(' ')} failed: ${error.message} ${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

describe('ats tca on a paper-trading session', () => {
  it('shows every metric for a TWAP parent and the strategy orders (table, CSV, JSON), and the HTML report chart is drawn in Chromium', async () => {
    const config = testNodeConfig(directory, {
      market: { speed: 300, seed: 5 },
      strategies: [
        { id: 'fast-cross', kind: 'sma-cross', symbols: ['MSFT', 'JPM'], parameters: { fast: 2, slow: 5 } },
      ],
    });
    const node = await startOneProcessNode({
      config,
      logger: createLogger({ level: 'silent', service: 'test' }),
      port: 0,
    });
    stopNode = () => node.stop();
    const placed = await node.app.inject({
      method: 'POST',
      url: '/api/trade-executor/algorithms',
      headers: testAdminHeaders,
      payload: {
        symbol: 'AAPL',
        side: 'BUY',
        quantity: 40,
        algorithm: 'TWAP',
        durationMinutes: 20,
        slices: 8,
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const parentId = (placed.json() as { id: string }).id;
    const deadline = Date.now() + 90_000;
    for (;;) {
      const parent = await node.app.inject({
        method: 'GET',
        url: `/api/trade-executor/algorithms/${parentId}`,
        headers: testAdminHeaders,
      });
      const body = parent.json() as { status: string; children: unknown[] };
      const strategyFills = await node.repositories.trades.listTrades({ limit: 10 });
      if (body.status === 'completed' && strategyFills.some((trade) => trade.strategyId === 'fast-cross'))
        break;
      if (Date.now() > deadline)
        throw new Error(`the session did not produce a completed parent and strategy fills: ${parent.body}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const started = Date.now();
    const step = (what: string) => console.log(`${what} after ${Date.now() - started} ms`);
    step('session ready');
    const table = await ats(node.url, '--by', 'parent');
    step('table');
    for (const metric of metrics.filter((metric) => !['interval_vwap', 'close_price'].includes(metric)))
      expect(table).toContain(metric);
    expect(table).toContain(parentId);

    const json = JSON.parse(await ats(node.url, '--by', 'parent', '--format', 'json')) as Record<
      string,
      unknown
    >[];
    const row = json.find((entry) => entry.subject_id === parentId) as Record<string, unknown>;
    for (const metric of metrics) expect(row[metric], metric).not.toBeNull();
    expect(Number(row.fill_rate)).toBe(1);
    expect(row.algorithm).toBe('TWAP');

    // The other groupings and CSV through the same API and formatter the command uses (each command
    // run is a process start, seconds on a loaded machine).
    const venues = (
      await node.app.inject({
        method: 'GET',
        url: '/api/trade-executor/tca?by=venue',
        headers: testAdminHeaders,
      })
    ).json() as Record<string, unknown>[];
    const [header, ...lines] = formatCsv(venues).trim().split('\n');
    for (const column of [
      'key',
      'fill_rate',
      'slippage_arrival_bps',
      'submit_to_ack_p50_ms',
      'submit_to_ack_p95_ms',
    ])
      expect(header).toContain(column);
    expect(lines.length).toBeGreaterThan(0);
    const read = async (by: string) =>
      (
        await node.app.inject({
          method: 'GET',
          url: `/api/trade-executor/tca?by=${by}`,
          headers: testAdminHeaders,
        })
      ).json() as Record<string, unknown>[];
    const orders = await read('order');
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((order) => order.average_price !== null && order.slippage_arrival_bps !== null)).toBe(
      true,
    );
    // Every latency stage of every ordinary order: the journal stores the venue's first acknowledgement.
    for (const order of orders)
      for (const stage of [
        'decision_to_submit_ms',
        'submit_to_ack_ms',
        'ack_to_first_fill_ms',
        'first_to_last_fill_ms',
      ])
        expect(order[stage], `${stage} of order ${String(order.subject_id)}`).not.toBeNull();
    for (const by of ['strategy', 'day']) expect((await read(by))[0]).toHaveProperty('shortfall_bps');
    step('csv, json, summaries');
    const report = join(directory, 'tca.html');
    await ats(node.url, '--report', report);
    expect(readFileSync(report, 'utf8')).toContain('<svg');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${report}`);
      // Measured in the page (the test compiles without DOM typings, hence the expression text).
      const chart = (await page.evaluate(`(() => {
        const svg = document.querySelector('svg.chart[data-parent="${parentId}"]');
        const path = svg && svg.querySelector('path.market');
        return {
          length: path ? path.getTotalLength() : 0,
          width: path ? path.getBBox().width : 0,
          fills: svg ? svg.querySelectorAll('circle.fill').length : 0,
        };
      })()`)) as { length: number; width: number; fills: number };
      expect(chart.length).toBeGreaterThan(100);
      expect(chart.width).toBeGreaterThan(100);
      expect(chart.fills).toBeGreaterThan(0);
      const screenshot = join(directory, 'tca.png');
      await page.locator(`svg.chart[data-parent="${parentId}"]`).screenshot({ path: screenshot });
      expect(statSync(screenshot).size).toBeGreaterThan(2_000);
    } finally {
      await browser.close();
    }
  }, 280_000);
});
