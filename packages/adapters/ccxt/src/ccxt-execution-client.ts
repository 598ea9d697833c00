// The ExecutionClient for a crypto spot venue through ccxt's unified API (Binance spot): orders with
// our order id as Binance's newClientOrderId, fills and closes found by polling, and the
// reconciliation queries (open orders, trades, balances).
import {
  AtsError,
  type Clock,
  type ExecutionClient,
  type IdGenerator,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  Price,
  type Ticker,
  toSymbol,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { type BinanceExchange, createBinanceExchange } from './binance-exchange.js';
import type {
  BinanceAccountJson,
  BinanceOrderFillJson,
  BinanceOrderJson,
  BinanceTradeJson,
} from './binance-wire.js';
import { binanceSpotUrl, type CcxtCredentials } from './ccxt-configuration.js';
import { wholeQuantity } from './ccxt-decimals.js';
import { failureOf, isDuplicateOrder } from './ccxt-failure.js';
import {
  type CcxtAnswer,
  commissionOf,
  executionIdOf,
  orderIdFromClientOrderId,
  toAccount,
  toExecution,
  toOrderReport,
  toOrderRequest,
  toPositions,
} from './ccxt-mapping.js';
import { CcxtOrderEvents, type TrackedOrder } from './ccxt-order-events.js';
import { CcxtTradeHistory } from './ccxt-trade-history.js';
import { toAtsError, VenueCalls } from './ccxt-venue-calls.js';

export interface CcxtExecutionClientOptions {
  readonly credentials: CcxtCredentials;
  /** The pairs traded, in ccxt's notation (`BTC/USDT`); they must share one quote asset (ATS's cash). */
  readonly symbols: readonly string[];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Binance spot's REST host (default https://api.binance.com); a loopback test server in tests. */
  readonly baseUrl?: string;
  /** The venue name on fills and in derived trade ids (default 'BINANCE'). */
  readonly venue?: string;
  /** How often working orders are polled for fills and closes (default 2 000); 0: only `poll()` by hand. */
  readonly pollMilliseconds?: number;
  readonly requestTimeoutMilliseconds?: number;
  /** Retries of a 429, 5xx or lost connection before a call gives up (default 3). */
  readonly maxRetries?: number;
  readonly retryBackoffMilliseconds?: number;
  /** Waited after a 429 without Retry-After (default 1 000). */
  readonly defaultRetryAfterMilliseconds?: number;
  /** Wall-clock waits (Retry-After, backoff); injectable so tests can see what was waited for. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** Told of polling failures, which have no caller to throw to. */
  readonly onError?: (error: unknown) => void;
}

interface Market {
  readonly symbol: Ticker;
  readonly base: string;
  readonly quote: string;
}

export class CcxtExecutionClient implements ExecutionClient {
  readonly venue: string;
  private readonly exchange: BinanceExchange;
  private readonly calls: VenueCalls;
  private readonly events: CcxtOrderEvents;
  private readonly trades: CcxtTradeHistory;
  private readonly markets = new Map<string, Market>();
  private quoteAsset = '';
  private connectedAt: number | null = null;
  /** Per symbol: the trade id after the newest trade a poll has seen, where the next poll asks from. */
  private readonly tradeCursors = new Map<string, number>();
  private readonly clientOrderIdsOfVenueIds = new Map<string, string>();
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling: Promise<void> | null = null;
  private running = false;

  constructor(private readonly options: CcxtExecutionClientOptions) {
    this.venue = options.venue ?? 'BINANCE';
    this.exchange = createBinanceExchange({
      baseUrl: options.baseUrl ?? binanceSpotUrl,
      apiKey: options.credentials.apiKey,
      secret: options.credentials.secret,
      timeoutMilliseconds: options.requestTimeoutMilliseconds ?? 10_000,
    });
    this.calls = new VenueCalls({
      maxRetries: options.maxRetries ?? 3,
      retryBackoffMilliseconds: options.retryBackoffMilliseconds ?? 250,
      defaultRetryAfterMilliseconds: options.defaultRetryAfterMilliseconds ?? 1_000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))),
    });
    this.events = new CcxtOrderEvents(this.venue, options.clock, options.ids);
    this.trades = new CcxtTradeHistory(this.exchange, this.calls, this.venue, () => this.now());
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.events.onEvent(handler);
  }

  /**
   * Loads Binance's time and exchangeInfo through ccxt, checks every configured symbol is listed and
   * that they share one quote asset, then starts polling.
   */
  async connect(): Promise<void> {
    await this.calls.retried('ccxt loadMarkets', () => this.exchange.loadMarkets(true));
    for (const symbol of this.options.symbols) {
      const market = this.exchange.markets?.[symbol];
      if (market?.spot !== true) {
        throw new AtsError('CONFIG_INVALID', `symbol ${symbol} is not a spot market of ${this.venue}`, {
          details: { symbol },
        });
      }
      this.markets.set(symbol, { symbol: toSymbol(symbol), base: market.base, quote: market.quote });
    }
    const quotes = new Set([...this.markets.values()].map((market) => market.quote));
    if (quotes.size !== 1) {
      throw new AtsError(
        'CONFIG_INVALID',
        `the symbols must share one quote asset, not ${[...quotes].join(', ')}`,
        {
          details: { symbols: this.options.symbols },
        },
      );
    }
    this.quoteAsset = [...quotes][0] ?? '';
    this.connectedAt = this.options.clock.now();
    this.running = true;
    this.schedulePoll();
  }

  async disconnect(): Promise<void> {
    this.running = false;
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.polling?.catch(() => undefined);
  }

  /** Makes this client responsible for a working order restored after a restart, so polls report it. */
  watch(order: Order): void {
    this.events.track(order);
  }

  /**
   * Places the order with `order.id` as newClientOrderId. A 429 was refused, so it is sent again
   * after Retry-After; after a 5xx, a timeout or a cut connection the order is first looked up by
   * origClientOrderId and sent again only if Binance does not have it, so no order is placed twice.
   */
  async submitOrder(order: Order): Promise<void> {
    const entry = this.events.track(order);
    if (entry.accepted || entry.done) return;
    let request: ReturnType<typeof toOrderRequest>;
    try {
      this.marketOf(order.symbol);
      request = toOrderRequest(order);
    } catch (error) {
      this.events.rejected(entry, error instanceof Error ? error.message : String(error), this.now());
      return;
    }
    let outcomeUnknown = false;
    let lastError: unknown = null;
    for (let attempt = 0; attempt <= this.calls.maxRetries; attempt++) {
      try {
        if (outcomeUnknown) {
          const existing = await this.lookUp(order.symbol, order.id);
          if (existing) {
            this.acceptedFrom(entry, existing);
            return;
          }
        }
        const placed = await this.calls.once(() =>
          this.exchange.createOrder(
            request.symbol,
            request.type,
            request.side,
            request.amount,
            // ccxt formats a string price as the text it is (a number would pass through a float).
            request.price as unknown as number | undefined,
            { ...request.params },
          ),
        );
        this.acceptedFrom(entry, placed);
        return;
      } catch (error) {
        const failure = failureOf(error);
        if (failure === null) {
          // A look-up that ran out of retries leaves the outcome unknown; anything else is not ours to retry.
          if (!(error instanceof AtsError) || error.code !== 'BROKER_UNAVAILABLE') throw error;
          lastError = error;
          outcomeUnknown = true;
          continue;
        }
        lastError = error;
        if (failure.kind === 'rate-limited') {
          // Binance refused the request outright: nothing was placed.
          await this.calls.rateLimited(failure);
          continue;
        }
        if (isDuplicateOrder(failure) || failure.kind === 'unavailable') {
          outcomeUnknown = true;
          await this.calls.backoff(attempt);
          continue;
        }
        if (failure.kind === 'rejected' || failure.kind === 'not-found') {
          this.events.rejected(entry, failure.message, this.now());
          return;
        }
        throw toAtsError(`${this.venue} order ${order.id}`, failure, error);
      }
    }
    throw new AtsError('BROKER_UNAVAILABLE', `${this.venue} did not confirm order ${order.id}`, {
      cause: lastError,
      details: { orderId: order.id, outcomeUnknown },
    });
  }

  /**
   * DELETE /api/v3/order by origClientOrderId: OrderPendingCancel at once; Binance's answer ends the
   * order, after the fills it had (read first, so none is lost behind the terminal event). A refusal
   * (-2011 Unknown order: already filled or canceled) becomes OrderCancelRejected with Binance's words.
   */
  async cancelOrder(order: Order): Promise<void> {
    const entry = this.events.track(order);
    if (entry.done) return;
    this.events.cancelRequested(entry, this.now());
    let answer: CcxtAnswer<BinanceOrderJson>;
    try {
      answer = await this.calls.retried(`${this.venue} cancel ${order.id}`, () =>
        this.exchange.cancelOrder(entry.venueOrderId ?? '', order.symbol, { origClientOrderId: order.id }),
      );
    } catch (error) {
      this.events.cancelRejected(entry, error instanceof Error ? error.message : String(error), this.now());
      if (error instanceof AtsError && (error.code === 'BROKER_REJECTED' || error.code === 'NOT_FOUND'))
        return;
      throw error;
    }
    await this.collectFills(order.symbol);
    this.closeFrom(entry, answer.info);
  }

  /** Binance spot has no in-place replace through ccxt's unified API: refused, the order stands. */
  replaceOrder(order: Order, _replacement: OrderReplacement): void {
    const entry = this.events.track(order);
    this.events.modifyRejected(
      entry,
      `${this.venue} through ccxt does not replace orders; cancel it and place a new one`,
      this.now(),
    );
  }

  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    const known = this.events.find(orderId);
    const symbols = known ? [known.order.symbol as string] : [...this.markets.keys()];
    for (const symbol of symbols) {
      const answer = await this.lookUp(symbol, orderId);
      if (answer) return toOrderReport(answer);
    }
    return null;
  }

  async openOrders(): Promise<VenueOrderReport[]> {
    const answers = await this.calls.retried(`${this.venue} open orders`, () =>
      this.exchange.fetchOpenOrders(),
    );
    return answers.map((answer) => toOrderReport(answer as CcxtAnswer<BinanceOrderJson>));
  }

  async executionsSince(since: number): Promise<VenueExecution[]> {
    const executions: VenueExecution[] = [];
    for (const market of this.markets.values()) {
      for (const trade of await this.trades.since(market.symbol, since)) {
        const orderId = await this.orderIdOfTrade(market.symbol, trade.info);
        executions.push(toExecution(trade, orderId, market));
      }
    }
    return executions.sort((a, b) => a.executedAt - b.executedAt);
  }

  async positions(): Promise<VenuePosition[]> {
    return toPositions(await this.accountJson(), [...this.markets.values()]);
  }

  async account(): Promise<VenueAccount> {
    return toAccount(await this.accountJson(), this.quoteAsset);
  }

  /**
   * One round of polling: trades of the symbols with working orders become fills (each execution
   * once), then working orders Binance no longer holds open are closed as Binance says they ended.
   * Rounds never overlap: a call during a round waits for that round.
   */
  poll(): Promise<void> {
    if (this.polling) return this.polling;
    this.polling = this.pollOnce().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const working = this.events.working();
    if (working.length === 0) return;
    const symbols = new Set(working.map((entry) => entry.order.symbol as string));
    const open: CcxtAnswer<BinanceOrderJson>[] = [];
    for (const symbol of symbols) {
      await this.collectFills(symbol);
      // Per symbol: Binance weighs openOrders without a symbol 80, with one 6.
      const answers = await this.calls.retried(`${this.venue} open orders of ${symbol}`, () =>
        this.exchange.fetchOpenOrders(symbol),
      );
      open.push(...(answers as unknown as CcxtAnswer<BinanceOrderJson>[]));
    }
    const openIds = new Set(open.map((answer) => answer.info.clientOrderId));
    for (const entry of this.events.working()) {
      if (openIds.has(entry.order.id)) {
        if (!entry.accepted) {
          const answer = open.find((each) => each.info.clientOrderId === entry.order.id);
          if (answer) this.acceptedFrom(entry, answer);
        }
        continue;
      }
      const answer = await this.lookUp(entry.order.symbol, entry.order.id);
      // Never reached Binance (a submit whose outcome was unknown and not retried): nothing to close.
      if (!answer) continue;
      this.closeFrom(entry, answer.info);
    }
  }

  private schedulePoll(): void {
    const interval = this.options.pollMilliseconds ?? 2_000;
    if (!this.running || interval <= 0) return;
    this.pollTimer = setTimeout(() => {
      this.poll()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => this.schedulePoll());
    }, interval);
  }

  /**
   * New trades of one symbol, reported as fills of the orders this client holds. The first poll asks
   * from when the client connected; later ones from the id after the newest trade seen.
   */
  private async collectFills(symbol: string): Promise<void> {
    const market = this.marketOf(symbol);
    const cursor = this.tradeCursors.get(symbol);
    const trades =
      cursor === undefined
        ? await this.trades.since(market.symbol, this.connectedAt ?? this.now())
        : await this.trades.fromId(market.symbol, cursor);
    for (const trade of trades) {
      const json = trade.info;
      this.tradeCursors.set(symbol, Math.max(this.tradeCursors.get(symbol) ?? 0, json.id + 1));
      if (this.events.hasExecution(executionIdOf(json))) continue;
      const entry = this.entryOfVenueOrder(String(json.orderId));
      if (!entry) continue;
      const price = Price.of(json.price, 'price');
      try {
        this.events.filled(entry, {
          executionId: executionIdOf(json),
          venueOrderId: String(json.orderId),
          quantity: wholeQuantity(json.qty, `trade ${executionIdOf(json)} qty`),
          price,
          commission: commissionOf(json, price, market),
          liquidityTaker: !json.isMaker,
          executedAt: json.time,
        });
      } catch (error) {
        // A fractional fill cannot be an ATS fill: told once, left to reconciliation and a person.
        this.options.onError?.(error);
      }
    }
  }

  /** GET /api/v3/order by origClientOrderId; null when Binance does not know it (-2013). */
  private async lookUp(symbol: string, orderId: OrderId): Promise<CcxtAnswer<BinanceOrderJson> | null> {
    try {
      const answer = (await this.calls.retried(`${this.venue} order ${orderId}`, () =>
        this.exchange.fetchOrder('', symbol, { origClientOrderId: orderId }),
      )) as CcxtAnswer<BinanceOrderJson>;
      this.clientOrderIdsOfVenueIds.set(String(answer.info.orderId), answer.info.clientOrderId);
      return answer;
    } catch (error) {
      if (error instanceof AtsError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private async accountJson(): Promise<BinanceAccountJson> {
    const balance = await this.calls.retried(`${this.venue} account`, () => this.exchange.fetchBalance());
    return balance.info as BinanceAccountJson;
  }

  /** The answer to a placement (or a look-up after an unknown outcome): accepted, with any fills it carried. */
  private acceptedFrom(
    entry: TrackedOrder,
    answer: CcxtAnswer<BinanceOrderJson & { fills?: BinanceOrderFillJson[] }>,
  ): void {
    const json = answer.info;
    this.clientOrderIdsOfVenueIds.set(String(json.orderId), json.clientOrderId);
    const at = json.transactTime ?? json.updateTime ?? json.time ?? this.now();
    if (json.status === 'REJECTED') {
      this.events.rejected(entry, `rejected by ${this.venue}`, at);
      return;
    }
    this.events.accepted(entry, String(json.orderId), at);
    // A market order's FULL answer lists its trades; the same ids come back from myTrades later.
    const market = this.marketOf(entry.order.symbol);
    for (const fill of json.fills ?? []) {
      const trade: BinanceTradeJson = {
        symbol: json.symbol,
        id: fill.tradeId,
        orderId: json.orderId,
        orderListId: json.orderListId,
        price: fill.price,
        qty: fill.qty,
        quoteQty: '0',
        commission: fill.commission,
        commissionAsset: fill.commissionAsset,
        time: at,
        isBuyer: json.side === 'BUY',
        isMaker: false,
        isBestMatch: true,
      };
      try {
        const price = Price.of(fill.price, 'price');
        this.events.filled(entry, {
          executionId: executionIdOf(trade),
          venueOrderId: String(json.orderId),
          quantity: wholeQuantity(fill.qty, `fill ${executionIdOf(trade)} qty`),
          price,
          commission: commissionOf(trade, price, market),
          liquidityTaker: true,
          executedAt: at,
        });
      } catch (error) {
        // The order stands at Binance; a fill ATS cannot hold (fractional) is told, not thrown at the submit.
        this.options.onError?.(error);
      }
    }
  }

  /** Ends an order Binance no longer holds open, as Binance says it ended. */
  private closeFrom(entry: TrackedOrder, json: BinanceOrderJson): void {
    const at = json.updateTime ?? json.transactTime ?? this.now();
    if (!entry.accepted && json.status !== 'REJECTED') this.events.accepted(entry, String(json.orderId), at);
    switch (json.status) {
      case 'CANCELED':
      case 'PENDING_CANCEL':
        this.events.canceled(entry, at);
        break;
      case 'EXPIRED':
      case 'EXPIRED_IN_MATCH':
        this.events.expired(entry, at);
        break;
      case 'REJECTED':
        this.events.rejected(entry, `rejected by ${this.venue}`, at);
        break;
      default:
        // FILLED: its fills close it (the trades arrive with this or the next poll); NEW, PARTIALLY_FILLED: still working.
        break;
    }
  }

  private entryOfVenueOrder(venueOrderId: string): TrackedOrder | undefined {
    const clientOrderId = this.clientOrderIdsOfVenueIds.get(venueOrderId);
    const byClientId = clientOrderId === undefined ? undefined : this.events.find(clientOrderId as OrderId);
    return byClientId ?? this.events.working().find((entry) => entry.venueOrderId === venueOrderId);
  }

  private async orderIdOfTrade(symbol: string, trade: BinanceTradeJson): Promise<OrderId | null> {
    const venueOrderId = String(trade.orderId);
    let clientOrderId = this.clientOrderIdsOfVenueIds.get(venueOrderId);
    if (clientOrderId === undefined) {
      const answer = (await this.calls.retried(`${this.venue} order ${venueOrderId}`, () =>
        this.exchange.fetchOrder(venueOrderId, symbol),
      )) as CcxtAnswer<BinanceOrderJson>;
      clientOrderId = answer.info.clientOrderId;
      this.clientOrderIdsOfVenueIds.set(venueOrderId, clientOrderId);
    }
    return orderIdFromClientOrderId(clientOrderId);
  }

  private marketOf(symbol: string): Market {
    const market = this.markets.get(symbol);
    if (!market) {
      throw new AtsError(
        'INVALID_INPUT',
        `${symbol} is not one of the symbols this ${this.venue} client trades`,
        {
          details: { symbol, symbols: [...this.markets.keys()] },
        },
      );
    }
    return market;
  }

  private now(): number {
    return this.options.clock.now();
  }
}
