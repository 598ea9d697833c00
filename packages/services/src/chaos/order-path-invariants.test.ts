// The drill's post-mortem: a stored signal with no assessment is counted and named (signal id and event id),
// the table prints the names and the service lines that mention them, and an assessment clears both.
import {
  type EventId,
  Price,
  type SignalGenerated,
  type SignalId,
  type SignalRejected,
  type StrategyId,
  type Ticker,
} from '@ats/core';
import { createRepositories, openTestDatabase } from '@ats/persistence';
import { describe, expect, it } from 'vitest';
import type { ChaosReport } from './chaos-drill.js';
import { chaosTable } from './chaos-table.js';
import { differencesOf, invariantExamples, orderPathInvariants } from './order-path-invariants.js';

const signal: SignalGenerated = {
  type: 'SignalGenerated',
  id: 'signal-event-0001' as EventId,
  occurredAt: 5,
  receivedAt: 5,
  causationId: null,
  signalId: '66666666-6666-4666-8666-666666666666' as SignalId,
  strategyId: 'alpha' as StrategyId,
  symbol: 'AAPL' as Ticker,
  direction: 'LONG',
  strength: 0.75,
  referencePrice: Price.of('10.01'),
  limitPrice: null,
};

describe('order path invariants, with examples', () => {
  it('names a signal never assessed by its signal and event ids, and names nothing once it is assessed', async () => {
    const test = await openTestDatabase('pglite');
    try {
      const { signals } = createRepositories(test.database);
      await signals.saveSignal(signal);
      const invariants = await orderPathInvariants(test.database);
      expect(invariants.signalsNeverAssessed).toBe(1);
      expect(differencesOf(invariants)).toBe(1);
      expect(await invariantExamples(test.database, invariants)).toEqual({
        signalsNeverAssessed: [`${signal.signalId}/${signal.id}`],
      });
      const rejection: SignalRejected = {
        type: 'SignalRejected',
        id: 'assessment-event' as EventId,
        occurredAt: 6,
        receivedAt: 6,
        causationId: signal.id,
        assessmentId: '77777777-7777-4777-8777-777777777777' as SignalRejected['assessmentId'],
        signalId: signal.signalId,
        strategyId: signal.strategyId,
        symbol: signal.symbol,
        reasonCode: 'RISK_MAX_POSITION_SIZE',
        reason: 'too big',
      };
      await signals.saveAssessment(rejection);
      const settled = await orderPathInvariants(test.database);
      expect(differencesOf(settled)).toBe(0);
      expect(await invariantExamples(test.database, settled)).toEqual({});
    } finally {
      await test.dispose();
    }
  });

  it("prints a failed fault's examples and the service lines that name them under its row", () => {
    const report: ChaosReport = {
      rows: [
        {
          fault: 'disk-full',
          detail: 'data directory filled',
          skipped: null,
          healthySeconds: 1.5,
          recoverySeconds: 1.7,
          settledSeconds: null,
          trades: 10,
          lostOrDuplicated: 1,
          livePortfolioReconciles: true,
          invariants: null,
          evidence: {
            examples: { signalsNeverAssessed: [`${signal.signalId}/${signal.id}`] },
            lines: [`[risk-manager] {"level":"error","correlationId":"${signal.id}"}`],
          },
          error: null,
          passed: false,
        },
      ],
      restarts: 0,
      startSeconds: 20,
      passed: false,
    };
    const table = chaosTable(report, 30).split('\n');
    const at = table.indexOf('disk-full: data directory filled');
    expect(table.slice(at + 1, at + 3)).toEqual([
      `  signalsNeverAssessed: ${signal.signalId}/${signal.id}`,
      `    [risk-manager] {"level":"error","correlationId":"${signal.id}"}`,
    ]);
  });
});
