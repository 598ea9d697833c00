// Child process of the backtest-data suite: loads every symbol of a catalog into columns six times (the
// first read warms the page cache and is not counted), printing each counted load's wall and CPU seconds
// as JSON. Its own process, so the suite can start it with or without glibc's huge pages for malloc.
import { DataCatalog } from '@ats/adapter-files';

export interface CatalogLoadReport {
  /** Wall seconds of each counted load. */
  readonly wall: readonly number[];
  /** CPU seconds (user + system) of each counted load. */
  readonly cpu: readonly number[];
  /** The GLIBC_TUNABLES the process started with ('' for none). */
  readonly tunables: string;
}

const [root, symbolList, expectedText] = process.argv.slice(2) as [string, string, string];
const symbols = symbolList.split(',');
const expected = Number(expectedText);
const catalog = await DataCatalog.open(root);
const wall: number[] = [];
const cpu: number[] = [];
for (let attempt = 0; attempt < 6; attempt++) {
  const usage = process.cpuUsage();
  const started = performance.now();
  let loaded = 0;
  for (const symbol of symbols) loaded += catalog.load({ kind: 'bars', timeframe: '1m' }, symbol).time.length;
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(usage);
  if (loaded !== expected) throw new Error(`loaded ${loaded} bars, expected ${expected}`);
  if (attempt > 0) {
    wall.push(seconds);
    cpu.push((used.user + used.system) / 1e6);
  }
}
const report: CatalogLoadReport = { wall, cpu, tunables: process.env.GLIBC_TUNABLES ?? '' };
process.stdout.write(`${JSON.stringify(report)}\n`);
