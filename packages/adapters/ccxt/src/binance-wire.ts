// The JSON of Binance's spot REST API (v3) as its documentation shows it: the shapes ccxt hands back
// in `info`, read here for their exact decimal strings (ccxt's unified fields are floats).

/** Binance's order statuses (spot). */
export type BinanceOrderStatus =
  | 'NEW'
  | 'PENDING_NEW'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'PENDING_CANCEL'
  | 'REJECTED'
  | 'EXPIRED'
  | 'EXPIRED_IN_MATCH';

export type BinanceOrderType =
  | 'LIMIT'
  | 'MARKET'
  | 'STOP_LOSS'
  | 'STOP_LOSS_LIMIT'
  | 'TAKE_PROFIT'
  | 'TAKE_PROFIT_LIMIT'
  | 'LIMIT_MAKER';

export type BinanceTimeInForce = 'GTC' | 'IOC' | 'FOK';

/** GET /api/v3/order, GET /api/v3/openOrders (each element), and the order part of POST/DELETE answers. */
export interface BinanceOrderJson {
  readonly symbol: string;
  readonly orderId: number;
  readonly orderListId: number;
  readonly clientOrderId: string;
  readonly price: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly cummulativeQuoteQty: string;
  readonly status: BinanceOrderStatus;
  readonly timeInForce: BinanceTimeInForce;
  readonly type: BinanceOrderType;
  readonly side: 'BUY' | 'SELL';
  readonly stopPrice?: string;
  readonly icebergQty?: string;
  readonly time?: number;
  readonly updateTime?: number;
  readonly transactTime?: number;
  readonly isWorking?: boolean;
  readonly workingTime?: number;
  readonly origQuoteOrderQty: string;
  readonly selfTradePreventionMode: string;
  /** On a DELETE /api/v3/order answer: the client order id of the order that was canceled. */
  readonly origClientOrderId?: string;
}

/** One fill of a FULL new-order answer. */
export interface BinanceOrderFillJson {
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly tradeId: number;
}

/** GET /api/v3/myTrades (each element). */
export interface BinanceTradeJson {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly orderListId: number;
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
  readonly isBestMatch: boolean;
}

export interface BinanceBalanceJson {
  readonly asset: string;
  readonly free: string;
  readonly locked: string;
}

/** GET /api/v3/account. */
export interface BinanceAccountJson {
  readonly makerCommission: number;
  readonly takerCommission: number;
  readonly buyerCommission: number;
  readonly sellerCommission: number;
  readonly commissionRates: {
    readonly maker: string;
    readonly taker: string;
    readonly buyer: string;
    readonly seller: string;
  };
  readonly canTrade: boolean;
  readonly canWithdraw: boolean;
  readonly canDeposit: boolean;
  readonly brokered: boolean;
  readonly requireSelfTradePrevention: boolean;
  readonly preventSor: boolean;
  readonly updateTime: number;
  readonly accountType: string;
  readonly balances: readonly BinanceBalanceJson[];
  readonly permissions: readonly string[];
  readonly uid: number;
}

/** Every Binance error body: `{"code":-2010,"msg":"Account has insufficient balance for requested action."}`. */
export interface BinanceErrorJson {
  readonly code: number;
  readonly msg: string;
}
