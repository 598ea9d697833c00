// The account a backtest trades in (a cash account unless told otherwise), and how a margin call's
// liquidations reach the venue: as market orders through the pre-trade checks (reduce-only) and the
// OMS, so the portfolio sees every fill.
import {
  type AccountId,
  type Clock,
  type IdGenerator,
  type Money,
  Quantity,
  type StrategyId,
} from '@ats/core';
import {
  type AccountModel,
  CashAccount,
  MarginAccount,
  type MarginCall,
  type TradingKernel,
} from '@ats/engine';

export type BacktestAccount =
  | { readonly kind: 'cash'; readonly reduceAtFill?: boolean }
  | {
      readonly kind: 'margin';
      readonly patternDayTrader?: boolean;
      /** Symbols that may be sold short (a borrow is found for them). */
      readonly easyToBorrow?: readonly string[];
      readonly reduceAtFill?: boolean;
    };

export const defaultBacktestAccount: BacktestAccount = { kind: 'cash' };

export function accountModelOf(account: BacktestAccount, startingCash: Money): AccountModel {
  if (account.kind === 'cash')
    return new CashAccount({ startingCash, ...(account.reduceAtFill ? { reduceAtFill: true } : {}) });
  return new MarginAccount({
    startingCash,
    ...(account.patternDayTrader ? { patternDayTrader: true } : {}),
    ...(account.easyToBorrow ? { easyToBorrow: account.easyToBorrow } : {}),
    ...(account.reduceAtFill ? { reduceAtFill: true } : {}),
  });
}

/**
 * Places a margin call's liquidations as market orders through the execution engine, each booked to
 * the strategy that holds the most of the position (the portfolio keeps positions per strategy).
 */
export function liquidateThroughOms(
  call: MarginCall,
  kernel: TradingKernel,
  context: {
    clock: Clock;
    ids: IdGenerator;
    accountId: AccountId;
    strategyIds: readonly StrategyId[];
    /** A liquidation the checks refused (for example one that would cross a resting order of the account). */
    onRefused?: (code: string) => void;
  },
): void {
  for (const liquidation of call.liquidations) {
    const holder = [...context.strategyIds].sort(
      (a, b) =>
        Math.abs(kernel.portfolio.strategyNetQuantity(b, liquidation.symbol)) -
        Math.abs(kernel.portfolio.strategyNetQuantity(a, liquidation.symbol)),
    )[0];
    if (!holder) return;
    const refused = kernel.risk.checkOrder({
      origin: 'liquidation',
      strategyId: holder,
      symbol: liquidation.symbol,
      side: liquidation.side,
      quantity: liquidation.quantity,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      reduceOnly: true,
    });
    if (refused) {
      context.onRefused?.(refused.code);
      continue;
    }
    const now = context.clock.now();
    kernel.execution.place({
      type: 'SignalApproved',
      id: context.ids.eventId(),
      occurredAt: now,
      receivedAt: now,
      causationId: null,
      assessmentId: context.ids.riskAssessmentId(),
      signalId: context.ids.signalId(),
      accountId: context.accountId,
      strategyId: holder,
      symbol: liquidation.symbol,
      side: liquidation.side,
      quantity: Quantity.of(liquidation.quantity),
      orderType: 'MARKET',
      limitPrice: null,
      timeInForce: 'DAY',
      sizing: `margin call: equity ${call.equity} below the maintenance requirement ${call.requirement}`,
    });
  }
}
