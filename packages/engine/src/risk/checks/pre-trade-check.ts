// The shape of one pre-trade check, the order it checks and the refusal it returns. A check reads the
// candidate and the context (both reused between orders, so the chain allocates only when it refuses).
import type { Instrument, Money, OrderSide, OrderType, OutcomeCode, Price, Quantity } from '@ats/core';
import type { DayTradeCounter } from '../day-trade-counter.js';
import type { OrderRates } from '../order-rates.js';
import type { PortfolioExposure } from '../portfolio-exposure.js';
import type { PreTradeLimits } from '../pre-trade-limits.js';
import type { ReturnCorrelations } from '../return-correlations.js';
import type { RiskControls } from '../risk-controls.js';
import type { RiskDayState } from '../risk-day-state.js';
import type { WorkingOrderBook } from '../working-order-book.js';

/** Where an order comes from: it decides nothing but the audit trail and documentation. */
export type OrderOrigin = 'signal' | 'manual' | 'algorithm' | 'liquidation';

/** The order being checked (one object, refilled for each order). */
export interface OrderCandidate {
  origin: OrderOrigin;
  strategyId: string;
  instrument: Instrument;
  /** The instrument's index in the configured list (exposure and correlation arrays). */
  instrumentIndex: number;
  side: OrderSide;
  quantity: number;
  orderType: OrderType;
  limitPrice: Price | null;
  stopPrice: Price | null;
  /** The last price the order is valued at, and the same as a number (currency units). */
  mark: Price;
  price: number;
  /** The account's signed position in the symbol before and after the order fills. */
  positionBefore: number;
  positionAfter: number;
  /** The order only shrinks the position toward zero (never through it): it reduces risk. */
  reducing: boolean;
  /** A reduce-only flatten or liquidation: passes the kill switch, rate and notional limits too. */
  forced: boolean;
}

/** What a check needs besides the order (one object, refreshed per order). */
export interface CheckContext {
  now: number;
  /** Equity and cash now. */
  equityRaw: number;
  cash: Money;
  /** The limits resolved for this order's strategy and symbol. */
  limits: PreTradeLimits;
  /** The account-wide limits (account counters) and the strategy's (strategy counters). */
  accountLimits: PreTradeLimits;
  strategyLimits: PreTradeLimits;
  readonly controls: RiskControls;
  readonly day: RiskDayState;
  readonly rates: OrderRates;
  readonly correlations: ReturnCorrelations | null;
  readonly dayTrades: DayTradeCounter;
  readonly workingOrders: WorkingOrderBook;
  readonly exposure: PortfolioExposure;
  readonly accountKind: 'cash' | 'margin';
  /** risk_limits.allow_short. */
  allowShort: boolean;
  /** The commission a buy of this size at this price would pay (cash accounts pay it from cash). */
  readonly commissionOf: ((quantity: Quantity, price: Price) => Money) | undefined;
}

/** A refusal: the catalogued code, the check, and the numbers that decided it. */
export interface CheckRefusal {
  readonly code: OutcomeCode;
  readonly check: string;
  readonly limit: string;
  readonly actual: string;
  readonly detail: string;
}

export interface PreTradeCheck {
  /** The check's name (its file name without -check), in refusals and metrics. */
  readonly name: string;
  /** Null when the order passes. */
  check(order: OrderCandidate, context: CheckContext): CheckRefusal | null;
}

/** Formats a figure of a refusal: whole numbers as they are, others to 4 decimals at most. */
export function figure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
}

export function refusal(
  check: string,
  code: OutcomeCode,
  limit: number | string,
  actual: number | string,
  detail: string,
): CheckRefusal {
  return {
    code,
    check,
    limit: typeof limit === 'number' ? figure(limit) : limit,
    actual: typeof actual === 'number' ? figure(actual) : actual,
    detail,
  };
}

/** Raw money (1/10,000) to currency units. */
export const rawToCurrency = (raw: number): number => raw / 10_000;
