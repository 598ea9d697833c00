// The environment a backtesting service starts with: glibc's malloc asks for transparent huge pages.
import type { DistributedService } from './service-process.js';

/** The glibc tunable that makes malloc mark its memory for transparent huge pages (glibc 2.35 on). */
export const hugePageTunable = 'glibc.malloc.hugetlb=1';

/**
 * What the supervisor adds to the backtesting service's environment.
 *
 * Why: a backtest keeps its curves in large typed arrays, which Node allocates with malloc, and the
 * kernel serves the first touch of each 4 KB page with a fault: 11–15 µs a page on the bench's virtual
 * machine, where a million-bar run's 41 MB of curves cost a tenth of the run. With this tunable malloc
 * marks its memory for transparent huge pages (the kernel's `madvise` mode, Debian's default), so a
 * fault maps 2 MB. The `backtest-minute` bench suite measures a run with and without it. The loader
 * reads the variable only at process start, so the supervisor sets it for the process it spawns; musl,
 * macOS and Windows ignore it. A GLIBC_TUNABLES already set (the operator's own tuning) is left alone.
 */
export function backtestMemoryEnvironment(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  return environment.GLIBC_TUNABLES === undefined ? { GLIBC_TUNABLES: hugePageTunable } : {};
}

/** A service's own environment: the deployment's shared one, and the backtesting service's memory tuning. */
export function environmentOfService(
  service: DistributedService,
  shared: Readonly<Record<string, string>>,
  environment: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  return service === 'backtesting' ? { ...shared, ...backtestMemoryEnvironment(environment) } : { ...shared };
}
