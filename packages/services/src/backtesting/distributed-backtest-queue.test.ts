// The distributed backtest queue while Redis cannot be reached: its connection errors stay out of the
// console (BullMQ printed each one with console.error when the queue had no 'error' listener).
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../node/free-port.js';
import { DistributedBacktestQueue } from './distributed-backtest-queue.js';

describe('DistributedBacktestQueue without a reachable Redis', () => {
  it('prints nothing of its connection errors on the console while it tries to reconnect', async () => {
    // A loopback port nothing listens on: taken, then let go.
    const port = await freePort();
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const queue = new DistributedBacktestQueue({
      endpoint: `redis://127.0.0.1:${port}`,
      deploymentName: 'unreachable',
      attempts: 1,
    });
    try {
      // Several reconnection attempts (ioredis retries within tens of milliseconds at first).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(printed.mock.calls).toEqual([]);
    } finally {
      printed.mockRestore();
      await Promise.race([
        queue.close().catch(() => {}),
        new Promise((resolve) => setTimeout(resolve, 2_000)),
      ]);
    }
  }, 15_000);
});
