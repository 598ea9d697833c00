// The machine's cost of memory a process touches for the first time: each fresh 4 KB page is a page
// fault the kernel serves (and zeroes). Long backtests keep curves of several megabytes per run, so
// this cost is part of their figures; it differs a great deal between machines (a virtual machine's
// faults cost many times a bare machine's), and the bench prints it so the figures can be read against it.
import { quantile } from './benchmark-row.js';

const pageBytes = 4096;

/** Microseconds per fresh page: median (and spread) of `rounds` fresh buffers of `megabytes`, each page written once. */
export function freshPageMicroseconds(
  megabytes = 64,
  rounds = 5,
): { median: number; low: number; high: number } {
  const perPage: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const buffer = new Float64Array((megabytes * 1024 * 1024) / 8);
    const stride = pageBytes / 8;
    for (let index = 0; index < buffer.length; index += stride) buffer[index] = 1;
    const elapsed = performance.now() - started;
    perPage.push((elapsed * 1000) / (buffer.length / stride));
  }
  perPage.sort((a, b) => a - b);
  return { median: quantile(perPage, 0.5), low: quantile(perPage, 0), high: quantile(perPage, 1) };
}
