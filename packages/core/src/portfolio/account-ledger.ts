// The account ledger: cash, commissions and realized PnL, changed only by fills (and deposits).
import type { AccountId } from '../identifiers/identifiers.js';
import type { OrderSide } from '../orders/order-enums.js';
import { Money } from '../values/money.js';
import type { Price } from '../values/price.js';
import type { Quantity } from '../values/quantity.js';

/** Cash moves by exactly price × quantity plus or minus commission; shorts credit the sale proceeds. */
export class AccountLedger {
  readonly accountId: AccountId;
  private cashBalance: Money;
  private readonly startingCash: Money;
  private commissionTotal = Money.zero;
  private realizedTotal = Money.zero;

  constructor(accountId: AccountId, startingCash: Money) {
    this.accountId = accountId;
    this.cashBalance = startingCash;
    this.startingCash = startingCash;
  }

  get cash(): Money {
    return this.cashBalance;
  }
  get initialCash(): Money {
    return this.startingCash;
  }
  get commissions(): Money {
    return this.commissionTotal;
  }
  /** Gross realized PnL of closed quantity; commissions are separate. */
  get realizedPnl(): Money {
    return this.realizedTotal;
  }

  applyFill(side: OrderSide, quantity: Quantity, price: Price, commission: Money, realized: Money): void {
    const notional = Money.fromRaw(price.raw * quantity.value);
    this.cashBalance = side === 'BUY' ? this.cashBalance.subtract(notional) : this.cashBalance.add(notional);
    this.cashBalance = this.cashBalance.subtract(commission);
    this.commissionTotal = this.commissionTotal.add(commission);
    this.realizedTotal = this.realizedTotal.add(realized);
  }

  /** Restores the balances from stored state (a restart). */
  restore(cash: Money, commissions: Money, realized: Money): void {
    this.cashBalance = cash;
    this.commissionTotal = commissions;
    this.realizedTotal = realized;
  }
}
