// Recomputes cash, positions and realized PnL from a list of executions alone (the trades table).
import type { AccountId, Ticker } from '../identifiers/identifiers.js';
import type { OrderSide } from '../orders/order-enums.js';
import type { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import type { Quantity } from '../values/quantity.js';
import { AccountLedger } from './account-ledger.js';
import { Position } from './position.js';

/** The minimum a trade row must say to be replayed. */
export interface ExecutionRecord {
  readonly symbol: Ticker;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly commission: Money;
}

export interface ReplayedAccount {
  readonly ledger: AccountLedger;
  readonly positions: ReadonlyMap<Ticker, Position>;
}

/** Applies each execution in order to a fresh ledger and fresh positions. */
export function replayExecutions(
  accountId: AccountId,
  startingCash: Money,
  executions: Iterable<ExecutionRecord>,
): ReplayedAccount {
  const ledger = new AccountLedger(accountId, startingCash);
  const positions = new Map<Ticker, Position>();
  for (const execution of executions) {
    let position = positions.get(execution.symbol);
    if (!position) {
      position = new Position(execution.symbol);
      positions.set(execution.symbol, position);
    }
    const change = position.apply(execution.side, execution.quantity, execution.price, execution.commission);
    ledger.applyFill(
      execution.side,
      execution.quantity,
      execution.price,
      execution.commission,
      change.realized,
    );
  }
  return { ledger, positions };
}
