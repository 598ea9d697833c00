// The order state of the loopback Binance server: symbols, balances, orders and trades, changed by the
// requests it serves and by tests (fill, partially fill, cancel), answered in Binance's documented JSON.
import type {
  BinanceAccountJson,
  BinanceErrorJson,
  BinanceOrderFillJson,
  BinanceOrderJson,
  BinanceOrderStatus,
  BinanceTimeInForce,
  BinanceTradeJson,
} from '../binance-wire.js';
import { fromUnits, multiplyUnits, toUnits } from './binance-test-decimals.js';

export interface BinanceTestSymbol {
  /** Binance's id, e.g. BTCUSDT. */
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
}

/** A refusal in Binance's words, with the HTTP status Binance answers it with. */
export class BinanceRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: BinanceErrorJson,
  ) {
    super(body.msg);
  }
}

interface BookOrder {
  readonly symbol: BinanceTestSymbol;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET';
  readonly timeInForce: BinanceTimeInForce;
  readonly quantity: bigint;
  /** The limit price; for a market order the price it filled at. */
  readonly price: bigint;
  executed: bigint;
  quoteExecuted: bigint;
  status: BinanceOrderStatus;
  readonly time: number;
  updateTime: number;
}

interface Balance {
  free: bigint;
  locked: bigint;
}

export const insufficientBalance: BinanceErrorJson = {
  code: -2010,
  msg: 'Account has insufficient balance for requested action.',
};
export const duplicateOrder: BinanceErrorJson = { code: -2010, msg: 'Duplicate order sent.' };
export const orderDoesNotExist: BinanceErrorJson = { code: -2013, msg: 'Order does not exist.' };
export const unknownOrder: BinanceErrorJson = { code: -2011, msg: 'Unknown order sent.' };

export class BinanceTestBook {
  private readonly symbols = new Map<string, BinanceTestSymbol>();
  private readonly balances = new Map<string, Balance>();
  private readonly orders: BookOrder[] = [];
  private readonly trades: BinanceTradeJson[] = [];
  private readonly marketPrices = new Map<string, bigint>();
  private nextOrderId = 4_000_001;
  private nextTradeId = 28_457;

  constructor(
    symbols: readonly BinanceTestSymbol[],
    private readonly now: () => number = () => Date.now(),
  ) {
    for (const symbol of symbols) this.symbols.set(symbol.symbol, symbol);
  }

  listedSymbols(): BinanceTestSymbol[] {
    return [...this.symbols.values()];
  }

  /** Sets an asset's free balance, e.g. `setBalance('USDT', '100000')`. */
  setBalance(asset: string, free: string, locked = '0'): void {
    this.balances.set(asset, { free: toUnits(free), locked: toUnits(locked) });
  }

  /** The price market orders of a symbol fill at. */
  setMarketPrice(symbol: string, price: string): void {
    this.marketPrices.set(symbol, toUnits(price));
  }

  /** POST /api/v3/order: LIMIT rests (NEW), MARKET fills at once at the market price (FULL answer). */
  place(parameters: URLSearchParams): BinanceOrderJson & { fills: BinanceOrderFillJson[] } {
    const symbol = this.symbolOf(parameters.get('symbol'));
    const side = parameters.get('side');
    const type = parameters.get('type');
    if (side !== 'BUY' && side !== 'SELL') throw this.illegal('side');
    if (type !== 'LIMIT' && type !== 'MARKET') throw this.illegal('type');
    const quantity = toUnits(this.required(parameters, 'quantity'));
    const clientOrderId = parameters.get('newClientOrderId') ?? `web_${this.nextOrderId}`;
    if (this.orders.some((order) => order.clientOrderId === clientOrderId && this.isOpen(order))) {
      throw new BinanceRefusal(400, duplicateOrder);
    }
    let price: bigint;
    let timeInForce: BinanceTimeInForce = 'GTC';
    if (type === 'LIMIT') {
      price = toUnits(this.required(parameters, 'price'));
      const given = this.required(parameters, 'timeInForce');
      if (given !== 'GTC' && given !== 'IOC' && given !== 'FOK') throw this.illegal('timeInForce');
      timeInForce = given;
    } else {
      const market = this.marketPrices.get(symbol.symbol);
      if (market === undefined) throw new BinanceRefusal(400, { code: -1013, msg: 'Market is closed.' });
      price = market;
    }
    const base = this.balanceOf(symbol.baseAsset);
    const quote = this.balanceOf(symbol.quoteAsset);
    const cost = multiplyUnits(quantity, price);
    if (side === 'BUY' ? quote.free < cost : base.free < quantity) {
      throw new BinanceRefusal(400, insufficientBalance);
    }
    if (side === 'BUY') {
      quote.free -= cost;
      quote.locked += cost;
    } else {
      base.free -= quantity;
      base.locked += quantity;
    }
    const at = this.now();
    const order: BookOrder = {
      symbol,
      orderId: this.nextOrderId++,
      clientOrderId,
      side,
      type,
      timeInForce,
      quantity,
      price,
      executed: 0n,
      quoteExecuted: 0n,
      status: 'NEW',
      time: at,
      updateTime: at,
    };
    this.orders.push(order);
    const fills: BinanceOrderFillJson[] = [];
    if (type === 'MARKET') {
      const trade = this.execute(order, quantity, price);
      fills.push({
        price: trade.price,
        qty: trade.qty,
        commission: trade.commission,
        commissionAsset: trade.commissionAsset,
        tradeId: trade.id,
      });
    }
    const {
      time: _time,
      updateTime: _updateTime,
      isWorking: _isWorking,
      stopPrice: _stop,
      icebergQty: _iceberg,
      ...answer
    } = this.orderJson(order);
    return { ...answer, transactTime: at, workingTime: at, fills };
  }

  /** A test fills (part of) an open order by client order id at a price. */
  fill(
    clientOrderId: string,
    quantity: string,
    price: string,
    commission: { amount: string; asset: string } | null = null,
  ): BinanceTradeJson {
    const order = this.orders.find((each) => each.clientOrderId === clientOrderId && this.isOpen(each));
    if (!order) throw new Error(`no open order ${clientOrderId}`);
    const units = toUnits(quantity);
    if (order.executed + units > order.quantity) throw new Error(`overfill of ${clientOrderId}`);
    return this.execute(order, units, toUnits(price), commission);
  }

  /** DELETE /api/v3/order, or a test canceling an order as the venue would (an expiry, say). */
  cancel(parameters: URLSearchParams): BinanceOrderJson {
    const symbol = this.symbolOf(parameters.get('symbol'));
    const order = this.find(symbol, parameters);
    if (!order || !this.isOpen(order)) throw new BinanceRefusal(400, unknownOrder);
    this.release(order);
    order.status = 'CANCELED';
    order.updateTime = this.now();
    const { time: _time, updateTime: _updateTime, isWorking: _isWorking, ...answer } = this.orderJson(order);
    return {
      ...answer,
      origClientOrderId: order.clientOrderId,
      clientOrderId: `cancel_${order.orderId}`,
      transactTime: order.updateTime,
    };
  }

  /** A test expires an open order as Binance does an IOC or FOK remainder, or a self-trade prevention. */
  expire(clientOrderId: string): void {
    const order = this.orders.find((each) => each.clientOrderId === clientOrderId && this.isOpen(each));
    if (!order) throw new Error(`no open order ${clientOrderId}`);
    this.release(order);
    order.status = 'EXPIRED';
    order.updateTime = this.now();
  }

  /** GET /api/v3/order by orderId or origClientOrderId. */
  query(parameters: URLSearchParams): BinanceOrderJson {
    const symbol = this.symbolOf(parameters.get('symbol'));
    const order = this.find(symbol, parameters);
    if (!order) throw new BinanceRefusal(400, orderDoesNotExist);
    return this.orderJson(order);
  }

  /** GET /api/v3/openOrders, for one symbol or all. */
  openOrders(parameters: URLSearchParams): BinanceOrderJson[] {
    const symbol = parameters.get('symbol');
    return this.orders
      .filter((order) => this.isOpen(order) && (symbol === null || order.symbol.symbol === symbol))
      .map((order) => this.orderJson(order));
  }

  /** GET /api/v3/myTrades: one symbol's trades, oldest first, from `startTime` or `fromId`. */
  myTrades(parameters: URLSearchParams): BinanceTradeJson[] {
    const symbol = this.symbolOf(parameters.get('symbol'));
    const startTime = Number(parameters.get('startTime') ?? '0');
    const endTime = Number(parameters.get('endTime') ?? String(Number.MAX_SAFE_INTEGER));
    const fromId = Number(parameters.get('fromId') ?? '0');
    const limit = Math.min(Number(parameters.get('limit') ?? '500'), 1000);
    return this.trades
      .filter(
        (trade) =>
          trade.symbol === symbol.symbol &&
          trade.time >= startTime &&
          trade.time <= endTime &&
          trade.id >= fromId,
      )
      .slice(0, limit);
  }

  /** GET /api/v3/account. */
  account(): BinanceAccountJson {
    return {
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: {
        maker: '0.00100000',
        taker: '0.00100000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: this.now(),
      accountType: 'SPOT',
      balances: [...this.balances.entries()].map(([asset, balance]) => ({
        asset,
        free: fromUnits(balance.free),
        locked: fromUnits(balance.locked),
      })),
      permissions: ['SPOT'],
      uid: 354937868,
    };
  }

  /** The order with this client order id, as GET /api/v3/order would show it. */
  byClientOrderId(clientOrderId: string): BinanceOrderJson | undefined {
    const order = [...this.orders].reverse().find((each) => each.clientOrderId === clientOrderId);
    return order ? this.orderJson(order) : undefined;
  }

  /** How many orders the venue holds (open or done). */
  get orderCount(): number {
    return this.orders.length;
  }

  private execute(
    order: BookOrder,
    quantity: bigint,
    price: bigint,
    commission: { amount: string; asset: string } | null = null,
  ): BinanceTradeJson {
    const base = this.balanceOf(order.symbol.baseAsset);
    const quote = this.balanceOf(order.symbol.quoteAsset);
    const reserved = multiplyUnits(quantity, order.price);
    const paid = multiplyUnits(quantity, price);
    if (order.side === 'BUY') {
      quote.locked -= reserved;
      quote.free += reserved - paid;
      base.free += quantity;
    } else {
      base.locked -= quantity;
      quote.free += paid;
    }
    const fee = commission ? toUnits(commission.amount) : 0n;
    const feeAsset = commission?.asset ?? order.symbol.quoteAsset;
    this.balanceOf(feeAsset).free -= fee;
    order.executed += quantity;
    order.quoteExecuted += paid;
    order.status = order.executed === order.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    order.updateTime = this.now();
    const trade: BinanceTradeJson = {
      symbol: order.symbol.symbol,
      id: this.nextTradeId++,
      orderId: order.orderId,
      orderListId: -1,
      price: fromUnits(price),
      qty: fromUnits(quantity),
      quoteQty: fromUnits(paid),
      commission: fromUnits(fee),
      commissionAsset: feeAsset,
      time: order.updateTime,
      isBuyer: order.side === 'BUY',
      isMaker: order.type === 'LIMIT',
      isBestMatch: true,
    };
    this.trades.push(trade);
    return trade;
  }

  private release(order: BookOrder): void {
    const remaining = order.quantity - order.executed;
    if (order.side === 'BUY') {
      const quote = this.balanceOf(order.symbol.quoteAsset);
      const reserved = multiplyUnits(remaining, order.price);
      quote.locked -= reserved;
      quote.free += reserved;
    } else {
      const base = this.balanceOf(order.symbol.baseAsset);
      base.locked -= remaining;
      base.free += remaining;
    }
  }

  private orderJson(order: BookOrder): BinanceOrderJson {
    return {
      symbol: order.symbol.symbol,
      orderId: order.orderId,
      orderListId: -1,
      clientOrderId: order.clientOrderId,
      price: order.type === 'MARKET' ? '0.00000000' : fromUnits(order.price),
      origQty: fromUnits(order.quantity),
      executedQty: fromUnits(order.executed),
      cummulativeQuoteQty: fromUnits(order.quoteExecuted),
      status: order.status,
      timeInForce: order.timeInForce,
      type: order.type,
      side: order.side,
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: order.time,
      updateTime: order.updateTime,
      isWorking: true,
      workingTime: order.time,
      origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
    };
  }

  private find(symbol: BinanceTestSymbol, parameters: URLSearchParams): BookOrder | undefined {
    const orderId = parameters.get('orderId');
    const clientOrderId = parameters.get('origClientOrderId');
    if (orderId === null && clientOrderId === null) {
      throw new BinanceRefusal(400, {
        code: -1102,
        msg: "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!",
      });
    }
    // The newest order with a client order id: Binance lets a finished order's id be used again.
    return [...this.orders]
      .reverse()
      .find(
        (order) =>
          order.symbol === symbol &&
          (orderId !== null ? String(order.orderId) === orderId : order.clientOrderId === clientOrderId),
      );
  }

  private isOpen(order: BookOrder): boolean {
    return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
  }

  private balanceOf(asset: string): Balance {
    let balance = this.balances.get(asset);
    if (!balance) {
      balance = { free: 0n, locked: 0n };
      this.balances.set(asset, balance);
    }
    return balance;
  }

  private symbolOf(id: string | null): BinanceTestSymbol {
    const symbol = id === null ? undefined : this.symbols.get(id);
    if (!symbol) throw new BinanceRefusal(400, { code: -1121, msg: 'Invalid symbol.' });
    return symbol;
  }

  private required(parameters: URLSearchParams, name: string): string {
    const value = parameters.get(name);
    if (value === null || value === '') {
      throw new BinanceRefusal(400, {
        code: -1102,
        msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
      });
    }
    return value;
  }

  private illegal(name: string): BinanceRefusal {
    return new BinanceRefusal(400, { code: -1116, msg: `Invalid ${name}.` });
  }
}
