// Child process of the backtest-data suite: one backtest streamed from a catalog, reporting its bars,
// time and the process's peak resident memory (its own process, so nothing else counts).
import { assembleBacktest, runBacktest } from '@ats/backtest';

const [root, symbols] = process.argv.slice(2) as [string, string];
const started = performance.now();
const { config } = await assembleBacktest({
  strategy: 'sma-cross',
  symbols: symbols.split(','),
  timeframe: '1m',
  data: { kind: 'catalog', root },
  equityResolution: '1d',
  commissionBps: 10,
  account: 'margin',
});
const result = runBacktest(config);
process.stdout.write(
  `${JSON.stringify({
    bars: result.bars,
    milliseconds: performance.now() - started,
    peakMegabytes: process.resourceUsage().maxRSS / 1024,
    points: result.equityCurve.length,
  })}\n`,
);
