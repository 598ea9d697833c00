// The live node's quote rate and /health latency, idle and while its backtest queue is kept full (the node in its own process).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchmarkRow, type BenchmarkSuite, quantile } from '../benchmark-row.js';

/** The node accepts this admin key for the run (ATS_BOOTSTRAP_API_KEY): every route but /health needs one. */
const benchKey = `bench-${randomBytes(24).toString('base64url')}`;
const credentials = { 'x-api-key': benchKey };

const main = fileURLToPath(new URL('../../../apps/cli/dist/main.cjs', import.meta.url));
const configDirectory = fileURLToPath(new URL('../../../config', import.meta.url));

/** A full-history backtest (5,036 bars): long enough that the queue stays full while we measure. */
const backtest = {
  strategy: 'sma-cross',
  symbols: ['ORCL'],
  parameters: { fast: 10, slow: 30 },
  commissionBps: 10,
};

interface Samples {
  /** /health round trips, ms. */
  readonly health: number[];
  /** Quotes accepted per second, one value per second. */
  readonly quoteRate: number[];
  accepted: number;
  refused: number;
}

async function startNode(dataDirectory: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main, 'start', '--port', '0'], {
    env: {
      ...process.env,
      ATS_DATA_DIR: dataDirectory,
      ATS_CONFIG_DIR: configDirectory,
      DATABASE_URL: '',
      REDIS_URL: '',
      ATS_BOOTSTRAP_API_KEY: benchKey,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const match = /health\s+(http:\/\/\S+)\/health/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`the node exited with ${code} before it was up`)));
  });
  child.stdout?.resume();
  return { child, url };
}

async function stopNode(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function quotesAccepted(url: string): Promise<number> {
  const stats = (await (await fetch(`${url}/api/data-collector/stats`, { headers: credentials })).json()) as {
    quotesAccepted: number;
  };
  return stats.quotesAccepted;
}

/** Samples health latency every 100 ms and the quote count every second for `seconds`. */
async function sample(
  url: string,
  seconds: number,
  alongside?: (samples: Samples) => Promise<void>,
): Promise<Samples> {
  const samples: Samples = { health: [], quoteRate: [], accepted: 0, refused: 0 };
  const end = performance.now() + seconds * 1000;
  let lastCount = await quotesAccepted(url);
  let lastAt = performance.now();
  const counting = (async () => {
    while (performance.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const count = await quotesAccepted(url);
      const now = performance.now();
      samples.quoteRate.push(((count - lastCount) / (now - lastAt)) * 1000);
      lastCount = count;
      lastAt = now;
    }
  })();
  const probing = (async () => {
    while (performance.now() < end) {
      const started = performance.now();
      await (await fetch(`${url}/health`)).arrayBuffer();
      samples.health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const loading = alongside ? alongside(samples) : Promise.resolve();
  await Promise.all([counting, probing, loading]);
  return samples;
}

/** Keeps the queue full: a burst of 60 submissions, then a top-up every half second until refused. */
function keepQueueFull(url: string, seconds: number): (samples: Samples) => Promise<void> {
  return async (samples) => {
    const end = performance.now() + seconds * 1000;
    const submit = async () => {
      const answer = await fetch(`${url}/api/backtesting/runs`, {
        method: 'POST',
        headers: { ...credentials, 'content-type': 'application/json' },
        body: JSON.stringify(backtest),
      });
      await answer.arrayBuffer();
      if (answer.status === 202) samples.accepted++;
      else if (answer.status === 429) samples.refused++;
      return answer.status;
    };
    await Promise.all(Array.from({ length: 60 }, submit));
    while (performance.now() < end) {
      while ((await submit()) === 202 && performance.now() < end) {}
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
}

function describe(values: readonly number[], unit: string, digits: number): string {
  const sorted = [...values].sort((a, b) => a - b);
  const format = (value: number) => value.toFixed(digits);
  return `median ${format(quantile(sorted, 0.5))}${unit} (p10 ${format(quantile(sorted, 0.1))}, p90 ${format(quantile(sorted, 0.9))}, max ${format(sorted[sorted.length - 1] ?? Number.NaN)})`;
}

export const backtestLoadSuite: BenchmarkSuite = {
  name: 'backtest-load',
  async run(): Promise<BenchmarkRow[]> {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-bench-load-'));
    const { child, url } = await startNode(dataDirectory);
    try {
      // Let the node settle (warm-up, first bars) before the baseline.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const idle = await sample(url, 10);
      const loaded = await sample(url, 15, keepQueueFull(url, 15));
      const ratio = (a: number[], b: number[]) =>
        quantile(
          [...a].sort((x, y) => x - y),
          0.5,
        ) /
        quantile(
          [...b].sort((x, y) => x - y),
          0.5,
        );
      return [
        {
          component: 'Live node, idle backtest queue',
          metric: 'quotes/s (per second)',
          target: '',
          measured: describe(idle.quoteRate, '/s', 1),
          ratio: Number.NaN,
        },
        {
          component: 'Live node, backtest queue kept full',
          metric: `quotes/s (${loaded.accepted} runs queued, ${loaded.refused} refused with 429)`,
          target: 'same as idle',
          measured: describe(loaded.quoteRate, '/s', 1),
          ratio: ratio(loaded.quoteRate, idle.quoteRate),
        },
        {
          component: 'Live node, idle backtest queue',
          metric: '/health latency',
          target: '',
          measured: describe(idle.health, ' ms', 2),
          ratio: Number.NaN,
        },
        {
          component: 'Live node, backtest queue kept full',
          metric: '/health latency',
          target: 'same as idle',
          measured: describe(loaded.health, ' ms', 2),
          ratio: ratio(idle.health, loaded.health),
        },
      ];
    } finally {
      await stopNode(child);
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  },
};
