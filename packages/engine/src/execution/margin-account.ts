// A Reg T margin account: buying power 2× the excess over the 50% initial margin overnight (4× the
// excess over maintenance for a pattern day trader), 25% maintenance margin, short sales only of
// easy-to-borrow symbols, and a margin call that liquidates the largest position first until the
// account meets maintenance again.
import { Money, type Price, Quantity, type Ticker, type VenueExecution } from '@ats/core';
import { AccountHoldings } from './account-holdings.js';
import type { AccountModel, AccountRefusal, CommissionOf, MarginCall } from './account-model.js';
import { affordable } from './cash-account.js';
import type { WorkingOrder } from './working-order.js';

export interface MarginAccountOptions {
  readonly startingCash: Money;
  /** A pattern day trader gets 4× the maintenance excess as (intraday) buying power instead of 2×. */
  readonly patternDayTrader?: boolean;
  /** Symbols the broker can lend: the only ones that may be sold short. */
  readonly easyToBorrow?: readonly string[];
  /** At a fill the buying power cannot cover (the price moved): fill what it covers instead of refusing. */
  readonly reduceAtFill?: boolean;
}

const initialMargin = 0.5;
const maintenanceMargin = 0.25;

export class MarginAccount implements AccountModel {
  readonly kind = 'margin' as const;
  private readonly holdings: AccountHoldings;
  private readonly borrowable: ReadonlySet<string>;

  constructor(private readonly options: MarginAccountOptions) {
    this.holdings = new AccountHoldings(options.startingCash);
    this.borrowable = new Set(options.easyToBorrow ?? []);
  }

  admit(
    entry: WorkingOrder,
    referencePrice: Price | null,
    commissionOf: CommissionOf,
  ): AccountRefusal | null {
    const leaves = entry.quantity - entry.filled;
    const { symbol, side } = entry.order;
    const opening = this.openingQuantity(entry, leaves);
    if (side === 'SELL' && opening > 0 && !this.borrowable.has(symbol))
      return {
        code: 'ORDER_NOT_BORROWABLE',
        reason: `selling ${opening} ${symbol} short needs a borrow; ${symbol} is not on the easy-to-borrow list`,
      };
    const closingShares = side === 'SELL' ? leaves - opening : 0;
    if (referencePrice === null || opening === 0) {
      this.holdings.hold(entry, Money.zero, closingShares);
      return null;
    }
    const cost = Money.notional(referencePrice, Quantity.of(opening)).add(
      commissionOf(leaves, referencePrice),
    );
    const power = this.powerRaw(entry);
    if (cost.raw > power)
      return {
        code: 'ORDER_INSUFFICIENT_BUYING_POWER',
        reason: `${side === 'BUY' ? 'buying' : 'shorting'} ${opening} ${symbol} at ${referencePrice} needs ${cost} of buying power; the margin account has ${Money.fromRaw(Math.max(0, power))}`,
      };
    this.holdings.hold(entry, cost, closingShares);
    return null;
  }

  fillable(entry: WorkingOrder, quantity: number, price: Price, commissionOf: CommissionOf): number {
    const opening = this.openingQuantity(entry, quantity);
    if (opening === 0) return quantity;
    if (entry.order.side === 'SELL' && !this.borrowable.has(entry.order.symbol))
      return this.options.reduceAtFill ? quantity - opening : 0;
    const power = this.powerRaw(entry);
    const cost = Money.notional(price, Quantity.of(opening)).add(commissionOf(quantity, price));
    if (cost.raw <= power) return quantity;
    if (!this.options.reduceAtFill) return 0;
    return quantity - opening + affordable(opening, price, commissionOf, power);
  }

  recordFill(entry: WorkingOrder, quantity: number, price: Price, commission: Money): void {
    this.holdings.recordFill(entry, quantity, price, commission);
  }

  release(entry: WorkingOrder): void {
    this.holdings.release(entry);
  }

  replay(execution: VenueExecution): void {
    const { symbol, side, quantity, price, commission } = execution;
    this.holdings.replay(symbol, side, quantity.value, price, commission);
  }

  mark(symbol: Ticker, price: Price): void {
    this.holdings.mark(symbol, price);
  }

  buyingPower(): Money {
    return Money.fromRaw(Math.max(0, this.powerRaw()));
  }

  /**
   * When equity is below 25% of the gross position value: what to sell (longs) or buy back (shorts) to
   * meet it again, the largest position by value first, each only as far as needed. Positions already
   * promised to working sells are left out, so a call is not repeated while its orders work.
   */
  marginCall(): MarginCall | null {
    // Checked after every market event: no allocation until maintenance is missed.
    const equity = this.holdings.equityRaw();
    let gross = this.holdings.grossRaw();
    if (equity >= maintenanceMargin * gross) return null;
    const values = this.holdings.marketValues();
    const liquidations: MarginCall['liquidations'][number][] = [];
    for (const value of values.sort((a, b) => Math.abs(b.valueRaw) - Math.abs(a.valueRaw))) {
      if (equity >= maintenanceMargin * gross) break;
      const mark = this.holdings.markOf(value.symbol);
      const free = value.quantity > 0 ? this.holdings.freeShares(value.symbol) : -value.quantity;
      if (!mark || free <= 0) continue;
      // Selling x shares lowers the gross by x × mark and leaves equity (before costs) unchanged.
      const excess = gross - equity / maintenanceMargin;
      const quantity = Math.min(free, Math.ceil(excess / mark.raw));
      liquidations.push({ symbol: value.symbol, side: value.quantity > 0 ? 'SELL' : 'BUY', quantity });
      gross -= quantity * mark.raw;
    }
    if (liquidations.length === 0) return null;
    return {
      equity: Money.fromRaw(equity),
      requirement: Money.fromRaw(Math.ceil(maintenanceMargin * gross)),
      liquidations,
    };
  }

  /** How much of a quantity opens or grows a position (needing buying power) rather than closing one. */
  private openingQuantity(entry: WorkingOrder, quantity: number): number {
    const position = this.holdings.position(entry.order.symbol);
    if (entry.order.side === 'BUY') return quantity - Math.min(quantity, Math.max(0, -position));
    return quantity - Math.min(quantity, Math.max(0, this.holdings.freeShares(entry.order.symbol, entry)));
  }

  /** Buying power left (raw), leaving out `except`'s own hold. */
  private powerRaw(except?: WorkingOrder): number {
    const equity = this.holdings.equityRaw();
    const gross = this.holdings.grossRaw();
    const held = this.holdings.cash.raw - this.holdings.freeCashRaw(except);
    const power = this.options.patternDayTrader
      ? 4 * (equity - maintenanceMargin * gross)
      : (equity - initialMargin * gross) / initialMargin;
    return Math.floor(power) - held;
  }
}
