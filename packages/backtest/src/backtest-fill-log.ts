// The fills of a backtest as its results list them, kept in columns while the run goes on.
import {
  isoText,
  Money,
  type OrderFilled,
  type OrderSide,
  Price,
  Quantity,
  SCALE,
  type Ticker,
} from '@ats/core';
import { giveBackLogColumns, grownColumn, logColumn } from './grown-column.js';
import type { FillTerms } from './round-trips.js';

/** One fill as the results list it. */
export interface BacktestFillRow {
  readonly time: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: string;
  readonly commission: string;
}

/**
 * Why: the runner kept every OrderFilled event of a run for its results, each with its price, quantity
 * and commission objects (some 340 bytes a fill), from the fill to the end of the run. Over 100 symbols
 * (19,484 fills) young collections copied them into the old generation, and that memory was paged in
 * fresh each run. The log keeps the numbers in typed arrays and the symbol and side as the strings the
 * events carry (shared, not copied): about 48 bytes a fill. Rows and round trips are built at the end.
 */
export class BacktestFillLog {
  private count = 0;
  private readonly symbols: Ticker[] = [];
  private readonly sides: OrderSide[] = [];
  private times: Float64Array<ArrayBuffer> = logColumn(256);
  private quantities: Float64Array<ArrayBuffer> = logColumn(256);
  /** Raw 1/10,000 units, exact: safe integers are exact in a float64. */
  private prices: Float64Array<ArrayBuffer> = logColumn(256);
  private commissions: Float64Array<ArrayBuffer> = logColumn(256);

  get length(): number {
    return this.count;
  }

  add(fill: OrderFilled): void {
    const row = this.count++;
    if (row === this.times.length) this.grow();
    this.symbols.push(fill.symbol);
    this.sides.push(fill.side);
    this.times[row] = fill.occurredAt;
    this.quantities[row] = fill.lastQuantity.value;
    this.prices[row] = fill.lastPrice.raw;
    this.commissions[row] = fill.commission.raw;
  }

  /** Σ price × quantity over the fills, as a float (turnover statistics), summed in fill order. */
  tradedNotional(): number {
    let sum = 0;
    for (let row = 0; row < this.count; row++)
      sum += ((this.prices[row] as number) / SCALE) * (this.quantities[row] as number);
    return sum;
  }

  /** The commissions of every fill, exact. */
  totalCommissions(): Money {
    let total = Money.zero;
    for (let row = 0; row < this.count; row++)
      total = total.add(Money.fromRaw(this.commissions[row] as number));
    return total;
  }

  /** Each fill's terms in fill order, made as they are read (for the round trips). */
  *terms(): Generator<FillTerms> {
    for (let row = 0; row < this.count; row++)
      yield {
        symbol: this.symbols[row] as Ticker,
        side: this.sides[row] as OrderSide,
        occurredAt: this.times[row] as number,
        lastQuantity: Quantity.of(this.quantities[row] as number),
        lastPrice: Price.fromRaw(this.prices[row] as number),
        commission: Money.fromRaw(this.commissions[row] as number),
      };
  }

  rows(): BacktestFillRow[] {
    const rows: BacktestFillRow[] = new Array(this.count);
    for (let row = 0; row < this.count; row++)
      rows[row] = {
        time: isoText(this.times[row] as number),
        symbol: this.symbols[row] as string,
        side: this.sides[row] as string,
        quantity: this.quantities[row] as number,
        price: Price.fromRaw(this.prices[row] as number).toString(),
        commission: Money.fromRaw(this.commissions[row] as number).toString(),
      };
    return rows;
  }

  /** The log's columns go to the next run's logs: nothing may be asked of it afterwards. */
  release(): void {
    giveBackLogColumns([this.times, this.quantities, this.prices, this.commissions]);
    this.times = this.quantities = this.prices = this.commissions = new Float64Array(0);
    this.count = 0;
  }

  private grow(): void {
    const size = this.times.length * 2;
    this.times = grownColumn(this.times, size);
    this.quantities = grownColumn(this.quantities, size);
    this.prices = grownColumn(this.prices, size);
    this.commissions = grownColumn(this.commissions, size);
  }
}
