// Run by the backtest-minute suite in a child process (with or without glibc's huge-page tunable): the
// minute-bar backtest once cold and five times warm, printing each run's rate and minor faults as JSON.
import { smaCrossConfig, timedRun } from './backtest.js';
import { syntheticMinuteBars } from './backtest-minute.js';

export interface MinuteChildReport {
  /** Bars per second of the first run of the process. */
  readonly first: number;
  /** Bars per second of the five runs after it. */
  readonly warm: readonly number[];
  /** Minor page faults of each warm run. */
  readonly pageFaults: readonly number[];
  /** The GLIBC_TUNABLES the process started with ('' for none). */
  readonly tunables: string;
}

// The count can be made smaller for the suite's test (ATS_MINUTE_BARS); the bench uses the default.
const count = Number(process.env.ATS_MINUTE_BARS ?? 1_016_224);
const config = await smaCrossConfig(syntheticMinuteBars(count), '1m');
const first = timedRun(config).rate;
const warm: number[] = [];
const pageFaults: number[] = [];
for (let run = 0; run < 5; run++) {
  const timed = timedRun(config);
  warm.push(timed.rate);
  pageFaults.push(timed.pageFaults);
}
const report: MinuteChildReport = { first, warm, pageFaults, tunables: process.env.GLIBC_TUNABLES ?? '' };
process.stdout.write(`${JSON.stringify(report)}\n`);
