// The backtesting service's environment: huge pages for malloc, unless the operator set glibc tunables.
import { describe, expect, it } from 'vitest';
import { backtestMemoryEnvironment, environmentOfService } from './backtest-memory-environment.js';

describe('backtestMemoryEnvironment', () => {
  it('asks glibc malloc for transparent huge pages when no tunables are set', () => {
    expect(backtestMemoryEnvironment({ PATH: '/usr/bin' })).toEqual({
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
  });

  it("leaves an operator's own GLIBC_TUNABLES alone", () => {
    expect(backtestMemoryEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=0' })).toEqual({});
  });
});

describe('environmentOfService', () => {
  it('gives the backtesting service the shared environment and huge pages, every other service only the shared one', () => {
    const shared = { ATS_JWT_SECRET: 'secret' };
    expect(environmentOfService('backtesting', shared, {})).toEqual({
      ATS_JWT_SECRET: 'secret',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    expect(environmentOfService('trade-executor', shared, {})).toEqual({ ATS_JWT_SECRET: 'secret' });
  });
});
