// Waiting in a test for a condition that becomes true on its own time (an order at the broker, a
// stream delivered, a store reachable again): polled every 50 ms, failing with what was awaited after
// the timeout.
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeout = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
