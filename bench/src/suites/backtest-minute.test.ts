// The minute-bar suite's child processes: each runs the backtest cold and warm with exactly the glibc
// tunables it was given (none, or huge pages for malloc).
import { describe, expect, it } from 'vitest';
import { minuteChildReport } from './backtest-minute.js';

// The compiled child (npm test builds before it runs the tests), on 20,000 bars instead of a million.
const script = new URL('../../dist/suites/backtest-minute-child.js', import.meta.url);

describe('the minute-bar benchmark child', () => {
  it('runs without GLIBC_TUNABLES and with the huge-page tunable, reporting rates and faults of each run', () => {
    for (const tunables of ['', 'glibc.malloc.hugetlb=1']) {
      const report = minuteChildReport(tunables, script, 20_000);
      expect(report.tunables).toBe(tunables);
      expect(report.first).toBeGreaterThan(0);
      expect(report.warm).toHaveLength(5);
      expect(report.pageFaults).toHaveLength(5);
      for (const faults of report.pageFaults) expect(faults).toBeGreaterThanOrEqual(0);
    }
  });
});
