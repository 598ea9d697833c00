// The failover client's probes and timeouts run on wall time: a market clock running sixty times fast
// (market.speed 60) neither times a healthy primary out nor changes how often the primary is probed.
import { type Clock, IdGenerator, LiveClock, Money, SeededRandom, TestClock } from '@ats/core';
import { describe, expect, it, vi } from 'vitest';
import { FailoverExecutionClient } from './failover-execution-client.js';
import { PaperExecutionClient } from './paper-execution-client.js';

const wall = new LiveClock();

/** Resolves after `milliseconds` of wall time. */
function after(milliseconds: number): Promise<void> {
  return new Promise((resolve) => wall.setTimer(wall.now() + milliseconds, resolve));
}

function venues(clock: Clock) {
  const ids = new IdGenerator(new SeededRandom(5));
  const make = (venue: string) =>
    new PaperExecutionClient({
      clock,
      ids,
      venue,
      commission: { kind: 'fixed', perOrder: Money.of('1') },
    });
  return { primary: make('PRIMARY'), secondary: make('SECONDARY') };
}

describe('failover probes on wall time', () => {
  it('keeps a primary that answers its heartbeat in 150 ms of wall time while the market clock runs at speed 60', async () => {
    // The market clock as the simulated market runs it at market.speed 60.
    const clock = new LiveClock(60);
    const { primary, secondary } = venues(clock);
    const answer = primary.account.bind(primary);
    // 150 ms of wall time is 9 s of market time: longer than the 2 s probe timeout on the market clock.
    primary.account = () => after(150).then(answer);
    const failovers: string[] = [];
    const failover = new FailoverExecutionClient({
      primary,
      secondary,
      clock,
      failuresBeforeFailover: 1,
      probeTimeoutMilliseconds: 2_000,
      onFailover: (report) => failovers.push(report.reason),
    });
    for (let probe = 0; probe < 3; probe++) expect(await failover.probe()).toBe(true);
    expect(failover.activeRole).toBe('primary');
    expect(failovers).toEqual([]);
  });

  it('still fails over from a primary that never answers, after the probe timeout of wall time', async () => {
    const { primary, secondary } = venues(new TestClock(0));
    primary.account = () => new Promise(() => {});
    const failover = new FailoverExecutionClient({
      primary,
      secondary,
      // The market clock never moves: only wall time can end the probe.
      clock: new TestClock(0),
      failuresBeforeFailover: 1,
      probeTimeoutMilliseconds: 200,
    });
    expect(await failover.probe()).toBe(false);
    expect(failover.activeRole).toBe('secondary');
  });

  it('probes every interval of wall time while the market clock stands still', async () => {
    const { primary, secondary } = venues(new TestClock(0));
    let probes = 0;
    const answer = primary.account.bind(primary);
    primary.account = () => {
      probes++;
      return answer();
    };
    const failover = new FailoverExecutionClient({
      primary,
      secondary,
      clock: new TestClock(0),
      probeIntervalMilliseconds: 50,
    });
    failover.startProbing();
    try {
      await vi.waitFor(() => expect(probes).toBeGreaterThanOrEqual(3), { timeout: 30_000, interval: 20 });
      expect(failover.activeRole).toBe('primary');
    } finally {
      failover.stopProbing();
    }
  });
});
