// The command line's wall time on ORCL (spawned processes; bundled, and on the compiled modules), loading
// bars from the Parquet catalog, and the peak memory of a backtest streamed from it.
// ATS_BENCH_CATALOG_BARS sets the catalog's size (default 10,000,000 one-minute bars over 10 symbols).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataCatalog } from '@ats/adapter-files';
import { type BenchmarkRow, type BenchmarkSuite, formatRate, quantile } from '../benchmark-row.js';
import { hugePageTunable } from './backtest-minute.js';
import type { CatalogLoadReport } from './catalog-load-child.js';

const main = fileURLToPath(new URL('../../../apps/cli/dist/main.cjs', import.meta.url));
const backtestBundle = new URL('../../../apps/cli/dist/commands/backtest-action.bundle.cjs', import.meta.url);
const programBundle = new URL('../../../apps/cli/dist/program.bundle.cjs', import.meta.url);
const child = fileURLToPath(new URL('./catalog-backtest-child.js', import.meta.url));
const loadChild = fileURLToPath(new URL('./catalog-load-child.js', import.meta.url));

/** Five timed loads of the whole catalog in a fresh child, GLIBC_TUNABLES set to `tunables` or unset (''). */
function catalogLoadReport(
  root: string,
  symbols: readonly string[],
  bars: number,
  tunables: string,
): CatalogLoadReport {
  const { GLIBC_TUNABLES: _ignored, ...environment } = process.env;
  const output = execFileSync(process.execPath, [loadChild, root, symbols.join(','), String(bars)], {
    encoding: 'utf8',
    env: { ...environment, ...(tunables === '' ? {} : { GLIBC_TUNABLES: tunables }) },
  });
  const report = JSON.parse(output.trim()) as CatalogLoadReport;
  if (report.tunables !== tunables)
    throw new Error(`the catalog child ran with GLIBC_TUNABLES '${report.tunables}', not '${tunables}'`);
  return report;
}

function spread(values: number[], unit: string, digits: number): { median: number; text: string } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const format = (value: number) => value.toFixed(digits);
  return {
    median,
    text: `median ${format(median)}${unit} (p10 ${format(quantile(sorted, 0.1))}, p90 ${format(quantile(sorted, 0.9))}, n=${values.length})`,
  };
}

/**
 * What this process's waited-for children used, from /proc/self/stat (Linux; null elsewhere): CPU
 * seconds (user + system; clock ticks of 1/100 s: coarse, but on a shared machine the only view of a
 * child's own work, since its wall time also counts the wait for a core) and minor page faults (pages
 * touched for the first time: on the bench's virtual machine each costs 11-17 µs, a large part of a
 * short command's wall time).
 */
function childrenUsage(): { cpuSeconds: number; pageFaults: number } | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; cminflt is field 11,
    // cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      cpuSeconds: (Number(fields[13]) + Number(fields[14])) / 100,
      pageFaults: Number(fields[8]),
    };
  } catch {
    return null;
  }
}

interface CommandTimes {
  readonly wall: number[];
  readonly cpu: number[];
  readonly pageFaults: number[];
}

/** Wall and CPU times of `ats <args>` in fresh processes, after one unmeasured run (disk cache). */
function commandTimes(args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): CommandTimes {
  return processTimes([main, ...args], runs, env);
}

/** Wall and CPU times and page faults of `node <args>` in fresh processes, after one unmeasured run. */
function processTimes(args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): CommandTimes {
  spawnSync(process.execPath, args, { stdio: 'ignore', env });
  const wall: number[] = [];
  const cpu: number[] = [];
  const pageFaults: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = childrenUsage();
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore', env });
    wall.push((performance.now() - started) / 1000);
    const after = childrenUsage();
    if (before !== null && after !== null) {
      cpu.push(after.cpuSeconds - before.cpuSeconds);
      pageFaults.push(after.pageFaults - before.pageFaults);
    }
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  }
  return { wall, cpu, pageFaults };
}

/** The wall-time spread, then the CPU-time spread and the page faults when the platform gives them. */
function describeCommand(times: CommandTimes): { median: number; text: string } {
  const wall = spread(times.wall, ' s', 3);
  const parts = [wall.text];
  if (times.cpu.length > 0) parts.push(`CPU time ${spread(times.cpu, ' s', 2).text}`);
  if (times.pageFaults.length > 0) parts.push(`page faults ${spread(times.pageFaults, '', 0).text}`);
  return { median: wall.median, text: parts.join('; ') };
}

/** A synthetic random walk of one-minute bars, written symbol by symbol. */
function fillCatalog(catalog: DataCatalog, symbols: readonly string[], barsPerSymbol: number): void {
  const start = Date.UTC(2000, 0, 3);
  for (const [index, symbol] of symbols.entries()) {
    const time = new Float64Array(barsPerSymbol);
    const open = new Float64Array(barsPerSymbol);
    const high = new Float64Array(barsPerSymbol);
    const low = new Float64Array(barsPerSymbol);
    const close = new Float64Array(barsPerSymbol);
    const volume = new Float64Array(barsPerSymbol);
    let price = 1_000_000 + index * 10_000;
    let seed = index + 1;
    for (let row = 0; row < barsPerSymbol; row++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const step = (seed % 201) - 100;
      time[row] = start + row * 60_000;
      open[row] = price;
      price = Math.max(10_000, price + step);
      close[row] = price;
      high[row] = Math.max(open[row] as number, price) + 50;
      low[row] = Math.min(open[row] as number, price) - 50;
      volume[row] = 100 + (seed % 1000);
    }
    catalog.write({ kind: 'bars', timeframe: '1m' }, symbol, { time, open, high, low, close, volume });
  }
}

export const backtestDataSuite: BenchmarkSuite = {
  name: 'backtest-data',
  async run(): Promise<BenchmarkRow[]> {
    // `npm run bench` rebuilds the bundle after tsc -b; the row says which copy of the modules it timed.
    const { bundleIsFresh } = (await import(
      new URL('../../../apps/cli/dist/commands/command-bundle.cjs', import.meta.url).href
    )) as { bundleIsFresh(bundle: URL): boolean };
    const programBundled = bundleIsFresh(programBundle);
    const bundled = bundleIsFresh(backtestBundle);
    // Node itself, for what of a command's time is not the command's: an empty script.
    const node = describeCommand(processTimes(['-e', ''], 11));
    const help = describeCommand(commandTimes(['--help'], 11));
    const orclArguments = ['backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL'];
    // The bars of a CSV file are kept after its first parse (ParsedBarsCache): the unmeasured run before
    // the timed ones parses ORCL and keeps its bars, in a folder of the bench's own.
    const parsedBars = mkdtempSync(join(tmpdir(), 'ats-bench-parsed-bars-'));
    const kept = { ...process.env, ATS_CACHE_DIR: parsedBars };
    let orcl: { median: number; text: string };
    let parsing: { median: number; text: string };
    let compiled: { median: number; text: string };
    try {
      orcl = describeCommand(commandTimes(orclArguments, 11, kept));
      // Every run parses the file, as the first run on a file does (the cache off).
      parsing = describeCommand(commandTimes(orclArguments, 11, { ...process.env, ATS_CACHE_DIR: '' }));
      // The same command on the compiled modules, for the bundle's share of the time.
      compiled = describeCommand(commandTimes(orclArguments, 11, { ...kept, ATS_CLI_BUNDLE: 'off' }));
    } finally {
      rmSync(parsedBars, { recursive: true, force: true });
    }
    const rows: BenchmarkRow[] = [
      {
        component:
          'Node itself: an empty script (node -e ""), what every command below takes before its own work',
        metric: 'wall time, spawned process',
        target: '',
        measured: node.text,
        ratio: Number.NaN,
      },
      {
        component: `CLI: ats --help (${programBundled ? 'bundled' : 'compiled modules: the bundle is stale or absent'})`,
        metric: 'wall time, spawned process',
        target: '< 0.3 s',
        measured: help.text,
        ratio: 0.3 / help.median,
      },
      {
        component: `CLI: ats backtest ORCL daily (5,036 bars, SMA 10/30; ${bundled ? 'bundled' : 'compiled modules: the bundle is stale or absent'}; its bars kept from an earlier run)`,
        metric: 'wall time, spawned process',
        target: '< 0.3 s',
        measured: orcl.text,
        ratio: 0.3 / orcl.median,
      },
      {
        component: 'CLI: ats backtest ORCL daily, parsing the CSV file each run (ATS_CACHE_DIR empty)',
        metric: 'wall time, spawned process',
        target: '< 0.3 s',
        measured: parsing.text,
        ratio: 0.3 / parsing.median,
      },
      {
        component: 'CLI: ats backtest ORCL daily on the compiled modules (ATS_CLI_BUNDLE=off)',
        metric: 'wall time, spawned process',
        target: '< 0.3 s',
        measured: compiled.text,
        ratio: 0.3 / compiled.median,
      },
    ];
    const total = Number(process.env.ATS_BENCH_CATALOG_BARS ?? 10_000_000);
    const symbols = Array.from({ length: 10 }, (_, index) => `S${index}`);
    const perSymbol = Math.ceil(total / symbols.length);
    const root = mkdtempSync(join(tmpdir(), 'ats-bench-catalog-'));
    try {
      const catalog = await DataCatalog.open(root);
      fillCatalog(catalog, symbols, perSymbol);
      // Each in a fresh process: as a command or the backtesting service loads it, and with glibc's huge
      // pages for malloc as the supervisor starts that service (the columns are 480 MB of fresh memory:
      // on this virtual machine a fresh 4 KB page costs several microseconds).
      const bars = perSymbol * symbols.length;
      for (const tunables of ['', hugePageTunable]) {
        const report = catalogLoadReport(root, symbols, bars, tunables);
        const load = spread([...report.wall], ' s', 3);
        const cpuLoad = spread([...report.cpu], ' s', 3);
        rows.push({
          component: `Catalog: load ${bars.toLocaleString('en-US')} one-minute bars (10 symbols, Parquet) into columns, fresh process${tunables === '' ? '' : " with glibc's huge pages for malloc (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, as the supervisor starts the backtesting service)"}`,
          metric: `seconds (${formatRate(bars / load.median)} bars)`,
          target: '< 1 s for 10M',
          measured: `${load.text}; CPU time ${cpuLoad.text}`,
          ratio: 1 / load.median,
        });
      }
      const output = execFileSync(process.execPath, [child, root, symbols.join(',')], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const run = JSON.parse(output.trim()) as {
        bars: number;
        milliseconds: number;
        peakMegabytes: number;
        points: number;
      };
      rows.push({
        component: `Backtest streamed from the catalog: ${run.bars.toLocaleString('en-US')} bars, 10 symbols, daily equity curve (${run.points} points)`,
        metric: `peak resident memory of the process (${formatRate((run.bars / run.milliseconds) * 1000)} bars)`,
        target: '< 1,024 MB',
        measured: `${run.peakMegabytes.toFixed(0)} MB in ${(run.milliseconds / 1000).toFixed(1)} s (one run)`,
        ratio: 1024 / run.peakMegabytes,
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    return rows;
  },
};
