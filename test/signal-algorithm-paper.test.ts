// Paper trading: a strategy (a file outside the repository) asks for a TWAP through its signal; the
// Risk Manager approves the signal with the request, and the Trade Executor works the approved quantity
// as a stored parent whose children fill at the paper venue, instead of one order. A redelivered
// approval is not worked twice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PlatformEvent, type SignalApproved, topics } from '@ats/core';
import { createLogger, type RunningNode, startOneProcessNode, testNodeConfig } from '@ats/services';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'ats-signal-algorithm-'));
const strategyFile = join(folder, 'twap-buyer.ts');
writeFileSync(
  strategyFile,
  `import type { Bar } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';

/** Buys once, asking for the quantity to be worked as a TWAP. */
export default class TwapBuyer extends Strategy {
  private done = false;
  override onBar(bar: Bar, context: StrategyContext): void {
    if (this.done) return;
    this.done = true;
    context.signal(bar.symbol, 'LONG', {
      execution: { algorithm: 'TWAP', durationMinutes: 10, slices: 4, randomization: 0 },
    });
  }
}
`,
);

let node: RunningNode | undefined;
afterAll(async () => {
  await node?.stop();
});

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeout: number, what: string) {
  const deadline = Date.now() + timeout;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached (last ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

describe('a strategy asking for an execution algorithm in paper trading', () => {
  it('has its approved quantity worked as a TWAP parent through risk, the journal and the paper venue', async () => {
    const config = testNodeConfig(folder, {
      market: { speed: 300, seed: 7 },
      strategies: [{ id: 'twap-buyer', kind: strategyFile, symbols: ['AAPL'], parameters: {} }],
    });
    node = await startOneProcessNode({
      config,
      logger: createLogger({ level: 'silent', service: 'test' }),
      port: 0,
    });
    const running = node;
    const approvals: SignalApproved[] = [];
    running.bus.subscribe(topics.ordersApproved, (event: PlatformEvent) => {
      if (event.type === 'SignalApproved') approvals.push(event);
    });
    const parents = () =>
      running.database.query<{
        id: string;
        quantity: number;
        status: string;
        algorithm: string;
        signal_id: string;
        risk_assessment_id: string;
      }>(
        "SELECT id, quantity, status, algorithm, signal_id, risk_assessment_id FROM algorithm_parent_orders WHERE strategy_id = 'twap-buyer'",
      );
    const [parent] = await until(
      parents,
      (rows) => rows[0]?.status === 'completed',
      120_000,
      'the parent completed',
    );
    expect(parent?.algorithm).toBe('TWAP');
    const approval = approvals.find((event) => event.strategyId === 'twap-buyer') as SignalApproved;
    expect(approval.execution).toEqual({
      algorithm: 'TWAP',
      durationMinutes: 10,
      slices: 4,
      randomization: 0,
    });
    expect(Number(parent?.quantity)).toBe(approval.quantity.value);
    expect(parent?.risk_assessment_id).toBe(approval.assessmentId);

    const children = await running.database.query<{
      sequence: number;
      quantity: number;
      status: string;
      filled_quantity: number;
      signal_id: string | null;
      risk_assessment_id: string | null;
    }>(
      `SELECT c.sequence, c.quantity, o.status, o.filled_quantity, o.signal_id, o.risk_assessment_id
         FROM algorithm_child_orders c JOIN orders o ON o.id = c.order_id WHERE c.parent_id = $1 ORDER BY c.sequence`,
      [parent?.id],
    );
    expect(children).toHaveLength(4);
    expect(children.every((child) => child.status === 'FILLED')).toBe(true);
    expect(children.reduce((sum, child) => sum + Number(child.filled_quantity), 0)).toBe(
      approval.quantity.value,
    );
    // The first child carries the signal and its assessment; the approval became no order of its own.
    expect([children[0]?.signal_id, children[0]?.risk_assessment_id]).toEqual([
      approval.signalId,
      approval.assessmentId,
    ]);
    const ordersOfSignal = await running.database.query('SELECT id FROM orders WHERE signal_id = $1', [
      approval.signalId,
    ]);
    expect(ordersOfSignal).toHaveLength(1);

    // The approval delivered again (a redelivery after a crash): the stored parent is not worked twice.
    running.bus.publish(topics.ordersApproved, approval);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await parents()).toHaveLength(1);
    const childCount = await running.database.query(
      'SELECT order_id FROM algorithm_child_orders WHERE parent_id = $1',
      [parent?.id],
    );
    expect(childCount).toHaveLength(4);
  }, 180_000);
});
