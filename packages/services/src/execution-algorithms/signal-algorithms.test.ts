// A signal's algorithm request in the Trade Executor: a parent that cannot be stored because the
// database is unavailable fails the approval's handler (the approval stays unacknowledged and comes
// again); a request that can never work is reported as refused and settles.
import {
  type AccountId,
  AtsError,
  type EventId,
  Quantity,
  type Repositories,
  type RiskAssessmentId,
  type SignalApproved,
  type SignalId,
  type StrategyId,
  type Ticker,
} from '@ats/core';
import type { AlgorithmEngine } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { signalAlgorithmHandler } from './signal-algorithms.js';

const approval: SignalApproved = {
  type: 'SignalApproved',
  id: 'approval-1' as EventId,
  occurredAt: 0,
  receivedAt: 0,
  causationId: null,
  assessmentId: 'assessment-1' as RiskAssessmentId,
  signalId: 'signal-1' as SignalId,
  accountId: 'paper' as AccountId,
  strategyId: 'twap' as StrategyId,
  symbol: 'AAPL' as Ticker,
  side: 'BUY',
  quantity: Quantity.of(100),
  orderType: 'MARKET',
  limitPrice: null,
  timeInForce: 'DAY',
  sizing: 'test',
  execution: { algorithm: 'TWAP', durationMinutes: 10 },
};

function handlerFailingWith(error: Error) {
  const refused: unknown[] = [];
  const algorithms = {
    submit: () => Promise.reject(error),
  } as unknown as AlgorithmEngine;
  const handler = signalAlgorithmHandler({
    algorithms,
    repositories: {} as Repositories,
    // A Saturday: no session close cuts the 10 minutes.
    now: () => Date.UTC(2026, 2, 7, 12),
    onRefused: (_approval, reason) => refused.push(reason),
  });
  return { handler, refused };
}

describe('signal algorithm handler', () => {
  it('fails the approval when the parent cannot be stored because the database is unavailable', async () => {
    const { handler, refused } = handlerFailingWith(
      new AtsError('DATABASE_UNAVAILABLE', 'database unavailable: No space left on device'),
    );
    await expect(handler(approval)).rejects.toThrow(/No space left on device/);
    expect(refused).toEqual([]);
  });

  it('reports a request that can never work as refused and settles', async () => {
    const { handler, refused } = handlerFailingWith(new AtsError('INVALID_INPUT', 'slices must be positive'));
    await expect(handler(approval)).resolves.toBeUndefined();
    expect(refused).toHaveLength(1);
  });
});
