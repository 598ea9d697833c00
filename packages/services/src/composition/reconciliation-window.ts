// Where the Trade Executor's reconciliation starts reading executions when one client speaks for
// several venues (smart routing, broker failover): the newest execution stored, across those venues.

/** How the newest stored execution of one venue is found (the trades table), null when there is none. */
export type NewestStoredExecution = (venue: string) => Promise<number | null>;

/**
 * Routed venues: the oldest of their newest stored executions; a venue with none stored makes it null,
 * so reconciliation reads from the beginning.
 */
export async function newestExecutionOfRoutedVenues(
  venues: readonly string[],
  newestOf: NewestStoredExecution,
): Promise<number | null> {
  const newest = await Promise.all(venues.map(newestOf));
  return newest.some((time) => time === null) ? null : Math.min(...(newest as number[]));
}

/**
 * Failover venues: the oldest of the newest stored executions among those venues that have any, so a
 * fill missed at the primary before the failover is still read after it. A venue with none stored is
 * left out rather than reading every venue's whole history on every pass: the secondary stays empty until
 * a failover, and the orders still open here (the reconciler widens the window to the oldest of them)
 * bound where a missed fill at it can be.
 */
export async function newestExecutionOfFailoverVenues(
  venues: readonly string[],
  newestOf: NewestStoredExecution,
): Promise<number | null> {
  const stored = (await Promise.all(venues.map(newestOf))).filter((time): time is number => time !== null);
  return stored.length === 0 ? null : Math.min(...stored);
}
