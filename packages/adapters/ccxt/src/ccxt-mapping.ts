// Translates between ATS's order vocabulary and ccxt's Binance spot answers. ccxt's unified numbers
// are floats, so every amount and price is read from `info` (Binance's own decimal strings) instead.
import {
  InvalidInputError,
  Money,
  type Order,
  type OrderId,
  type OrderSide,
  type OrderType,
  Price,
  type Ticker,
  type TimeInForce,
  toSymbol,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenueOrderStatus,
  type VenuePosition,
} from '@ats/core';
import type {
  BinanceAccountJson,
  BinanceOrderJson,
  BinanceOrderStatus,
  BinanceOrderType,
  BinanceTradeJson,
} from './binance-wire.js';
import {
  addDecimalText,
  baseCommissionValue,
  isZeroText,
  wholeQuantity,
  wholeUnitsDown,
} from './ccxt-decimals.js';

/** What ccxt's createOrder is called with. */
export interface CcxtOrderRequest {
  readonly symbol: string;
  readonly type: 'market' | 'limit';
  readonly side: 'buy' | 'sell';
  readonly amount: number;
  /** Decimal text: ccxt's JavaScript reads a string price as text, so no float is made of it. */
  readonly price: string | undefined;
  readonly params: { readonly newClientOrderId: string; readonly timeInForce?: 'GTC' | 'IOC' | 'FOK' };
}

/** A ccxt answer as far as the adapter reads it: the unified symbol and Binance's JSON. */
export interface CcxtAnswer<Info> {
  readonly symbol?: string | undefined;
  readonly info: Info;
}

const limitTimesInForce: Readonly<Partial<Record<TimeInForce, 'GTC' | 'IOC' | 'FOK'>>> = {
  GTC: 'GTC',
  IOC: 'IOC',
  FOK: 'FOK',
};

/** Binance's statuses folded onto the venue statuses reconciliation knows. */
const statuses: Readonly<Record<BinanceOrderStatus, VenueOrderStatus>> = {
  NEW: 'open',
  PENDING_NEW: 'open',
  PARTIALLY_FILLED: 'partially_filled',
  FILLED: 'filled',
  CANCELED: 'canceled',
  // Binance documents PENDING_CANCEL as unused; if it appears the order is on its way out.
  PENDING_CANCEL: 'canceled',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  // Canceled by self-trade prevention.
  EXPIRED_IN_MATCH: 'expired',
};

const orderTypes: Readonly<Record<BinanceOrderType, OrderType>> = {
  LIMIT: 'LIMIT',
  LIMIT_MAKER: 'LIMIT',
  MARKET: 'MARKET',
  STOP_LOSS: 'STOP',
  STOP_LOSS_LIMIT: 'STOP_LIMIT',
  TAKE_PROFIT: 'STOP',
  TAKE_PROFIT_LIMIT: 'STOP_LIMIT',
};

/** ATS order ids are UUIDs; a client order id of another shape was placed outside ATS. */
const ourOrderIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function orderIdFromClientOrderId(clientOrderId: string): OrderId | null {
  return ourOrderIdPattern.test(clientOrderId) ? (clientOrderId as OrderId) : null;
}

/**
 * The createOrder call for an order, with our order id as Binance's newClientOrderId. Binance spot
 * takes market orders, and limit orders good till canceled, immediate-or-cancel or fill-or-kill;
 * anything else is refused here with INVALID_INPUT naming the field.
 */
export function toOrderRequest(order: Order): CcxtOrderRequest {
  const side = order.side === 'BUY' ? 'buy' : 'sell';
  const base = { symbol: order.symbol, side, amount: order.quantity.value } as const;
  if (order.type === 'MARKET') {
    // A market order executes at once; Binance takes no time in force for it.
    return { ...base, type: 'market', price: undefined, params: { newClientOrderId: order.id } };
  }
  if (order.type !== 'LIMIT') {
    throw new InvalidInputError(
      'orderType',
      `${order.type} orders are not sent to ccxt venues (market and limit only)`,
    );
  }
  const timeInForce = limitTimesInForce[order.timeInForce];
  if (timeInForce === undefined) {
    throw new InvalidInputError(
      'timeInForce',
      `${order.timeInForce} does not exist on a crypto spot venue that trades around the clock; use GTC, IOC or FOK`,
    );
  }
  if (order.limitPrice === null)
    throw new InvalidInputError('limitPrice', 'a limit order needs a limit price');
  return {
    ...base,
    type: 'limit',
    price: order.limitPrice.toString(),
    params: { newClientOrderId: order.id, timeInForce },
  };
}

export function toOrderReport(answer: CcxtAnswer<BinanceOrderJson>): VenueOrderReport {
  const json = answer.info;
  const orderType = orderTypes[json.type];
  const hasLimit = orderType === 'LIMIT' || orderType === 'STOP_LIMIT';
  const hasStop = json.stopPrice !== undefined && !isZeroText(json.stopPrice);
  const status = statuses[json.status];
  return {
    orderId: orderIdFromClientOrderId(json.clientOrderId),
    venueOrderId: String(json.orderId),
    symbol: symbolOf(answer),
    side: json.side,
    orderType,
    timeInForce: json.timeInForce,
    quantity: wholeQuantity(json.origQty, 'origQty'),
    filledQuantity: wholeQuantity(json.executedQty, 'executedQty'),
    limitPrice: hasLimit ? Price.of(json.price, 'price') : null,
    stopPrice: hasStop ? Price.of(json.stopPrice ?? '', 'stopPrice') : null,
    status,
    reason: status === 'expired' && json.status === 'EXPIRED_IN_MATCH' ? 'self-trade prevention' : null,
    updatedAt: json.updateTime ?? json.transactTime ?? json.time ?? 0,
  };
}

/**
 * Binance's trade ids count per symbol, so the execution id is `<Binance symbol>:<trade id>`,
 * unique across the account.
 */
export function executionIdOf(trade: BinanceTradeJson): string {
  return `${trade.symbol}:${trade.id}`;
}

/** One myTrades element as a venue execution; `quoteAsset` is the currency ATS keeps money in. */
export function toExecution(
  answer: CcxtAnswer<BinanceTradeJson>,
  orderId: OrderId | null,
  assets: { readonly base: string; readonly quote: string },
): VenueExecution {
  const trade = answer.info;
  const price = Price.of(trade.price, 'price');
  return {
    executionId: executionIdOf(trade),
    orderId,
    venueOrderId: String(trade.orderId),
    symbol: symbolOf(answer),
    side: trade.isBuyer ? 'BUY' : 'SELL',
    quantity: wholeQuantity(trade.qty, `trade ${executionIdOf(trade)} qty`),
    price,
    commission: commissionOf(trade, price, assets),
    executedAt: trade.time,
  };
}

/**
 * The commission in quote money: as is when paid in the quote asset, valued at the trade price when
 * paid in the base asset, and zero when paid in a third asset (BNB) that has no price here.
 */
export function commissionOf(
  trade: BinanceTradeJson,
  price: Price,
  assets: { readonly base: string; readonly quote: string },
): Money {
  if (isZeroText(trade.commission)) return Money.zero;
  if (trade.commissionAsset === assets.quote) return Money.of(trade.commission, 'commission');
  if (trade.commissionAsset === assets.base)
    return baseCommissionValue(trade.commission, price, 'commission');
  return Money.zero;
}

/**
 * Positions of the configured symbols from the account's balances: free + locked of each base asset,
 * in whole units. The fraction below one unit (commission paid in the base asset leaves some) is not
 * a position ATS can hold and is left out.
 */
export function toPositions(
  account: BinanceAccountJson,
  markets: readonly { readonly symbol: Ticker; readonly base: string }[],
): VenuePosition[] {
  const positions: VenuePosition[] = [];
  for (const market of markets) {
    const balance = account.balances.find((each) => each.asset === market.base);
    if (!balance) continue;
    const total = addDecimalText(balance.free, balance.locked, `${market.base} balance`);
    const netQuantity = wholeUnitsDown(total, `${market.base} balance`);
    if (netQuantity !== 0) positions.push({ symbol: market.symbol, netQuantity, averageCost: null });
  }
  return positions;
}

/** Cash is the quote asset's free + locked balance; buying power what is free of it. */
export function toAccount(account: BinanceAccountJson, quoteAsset: string): VenueAccount {
  const balance = account.balances.find((each) => each.asset === quoteAsset);
  if (!balance) return { cash: Money.zero, buyingPower: Money.zero };
  return {
    cash: Money.of(
      addDecimalText(balance.free, balance.locked, `${quoteAsset} balance`),
      `${quoteAsset} balance`,
    ),
    buyingPower: Money.of(balance.free, `${quoteAsset} free balance`),
  };
}

export function sideOf(value: string): OrderSide {
  return value === 'BUY' ? 'BUY' : 'SELL';
}

function symbolOf(answer: CcxtAnswer<unknown>): Ticker {
  if (answer.symbol === undefined) throw new InvalidInputError('symbol', 'ccxt gave no unified symbol');
  return toSymbol(answer.symbol);
}
