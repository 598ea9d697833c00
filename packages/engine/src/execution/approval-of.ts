// Builds an approved signal (what the Risk Manager publishes and the executor places) from the few
// terms that matter, for the tests, benchmarks and tools that drive the executor directly.
import {
  type AccountId,
  deriveUuid,
  type EventId,
  type OrderSide,
  type Price,
  Quantity,
  type RiskAssessmentId,
  type SignalApproved,
  type SignalId,
  type StrategyId,
  type Ticker,
  type TimeInForce,
} from '@ats/core';

export interface ApprovalTerms {
  /** Names the approval: its assessment, signal and event ids derive from it (the same key, the same order). */
  readonly key: string;
  readonly accountId: string;
  readonly symbol: Ticker;
  readonly strategyId?: string;
  readonly side?: OrderSide;
  readonly quantity?: number;
  /** When it was approved (market time). */
  readonly at?: number;
  /** A limit order at this price; absent, a market order. */
  readonly limitPrice?: Price;
  readonly timeInForce?: TimeInForce;
}

/** A market (or limit) order approval: BUY 10 for strategy `test`, DAY, at time 0 unless told otherwise. */
export function approvalOf(terms: ApprovalTerms): SignalApproved {
  const at = terms.at ?? 0;
  return {
    type: 'SignalApproved',
    id: `approval-${terms.key}` as EventId,
    occurredAt: at,
    receivedAt: at,
    causationId: null,
    assessmentId: deriveUuid('test-assessment', terms.key) as RiskAssessmentId,
    signalId: deriveUuid('test-signal', terms.key) as SignalId,
    accountId: terms.accountId as AccountId,
    strategyId: (terms.strategyId ?? 'test') as StrategyId,
    symbol: terms.symbol,
    side: terms.side ?? 'BUY',
    quantity: Quantity.of(terms.quantity ?? 10),
    orderType: terms.limitPrice ? 'LIMIT' : 'MARKET',
    limitPrice: terms.limitPrice ?? null,
    timeInForce: terms.timeInForce ?? 'DAY',
    sizing: 'test',
  };
}
