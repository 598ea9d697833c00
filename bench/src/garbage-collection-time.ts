// Time the garbage collector took while a piece of work ran, from Node's performance timeline.
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface CollectionTime<T> {
  readonly value: T;
  /** Milliseconds of collection pauses that started while the work ran. */
  readonly collectionMilliseconds: number;
  readonly elapsedMilliseconds: number;
}

/**
 * Runs `work` and sums the pauses of the collections that started during it. Node reports collections
 * after the fact (on a later turn of the event loop), so the sum is taken once the work is done.
 */
export async function withCollectionTime<T>(work: () => T): Promise<CollectionTime<T>> {
  const pauses: { startTime: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push({ startTime: entry.startTime, duration: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  const value = work();
  const ended = performance.now();
  // Two turns: the entries are queued from the collector's callback, then delivered to the observer.
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  observer.disconnect();
  let collectionMilliseconds = 0;
  for (const pause of pauses)
    if (pause.startTime >= started && pause.startTime <= ended) collectionMilliseconds += pause.duration;
  return { value, collectionMilliseconds, elapsedMilliseconds: ended - started };
}
