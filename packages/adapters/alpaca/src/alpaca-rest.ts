// The REST half of Alpaca's Trading API v2 through the official SDK's API classes: rate limited,
// retried where that is safe, answering with the documented JSON exactly as Alpaca sent it.
import { trading } from '@alpacahq/alpaca-trade-api';
import { type AtsError, TokenBucket } from '@ats/core';
import { type AlpacaFailure, alpacaError, classifyAlpacaFailure } from './alpaca-failure.js';
import type {
  AlpacaAccountJson,
  AlpacaFillActivityJson,
  AlpacaOrderJson,
  AlpacaOrderRequestJson,
  AlpacaPositionJson,
  AlpacaReplaceRequestJson,
} from './alpaca-wire.js';

export interface AlpacaRestOptions {
  readonly restUrl: string;
  readonly keyId: string;
  readonly secret: string;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMilliseconds?: number;
  /** Alpaca's documented limit is 200 requests a minute per account. */
  readonly requestsPerMinute?: number;
  /** Retries after a 429, a 5xx or a lost connection (default 3). */
  readonly maxRetries?: number;
  /** Backoff before the first retry of a 5xx or lost connection (doubles each time; default 250 ms). */
  readonly retryBackoffMilliseconds?: number;
  readonly now?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/** Thrown by `request` with the classified failure attached, so callers can branch on it. */
export interface AlpacaRequestFailure {
  readonly error: AtsError;
  readonly failure: AlpacaFailure;
}

const realSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));

export class AlpacaRest {
  private readonly orders: trading.OrdersApi;
  private readonly positionsApi: trading.PositionsApi;
  private readonly accounts: trading.AccountsApi;
  private readonly activities: trading.AccountActivitiesApi;
  private readonly bucket: TokenBucket;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly backoff: number;
  /** Set by a 429: no request leaves before this time. */
  private blockedUntil = 0;

  constructor(options: AlpacaRestOptions) {
    // The SDK's facade (`new Alpaca(...)`) offers no base URL, only paper/live; its per-API
    // Configuration does (`basePath`), which is how a loopback server is reached. Its own retry and
    // rate limiter stay off: a POST must not be retried blindly, and the bucket here is shared.
    const configuration = new trading.Configuration({
      basePath: options.restUrl,
      keyId: options.keyId,
      secret: options.secret,
      timeoutMs: options.timeoutMilliseconds ?? 10_000,
    });
    this.orders = new trading.OrdersApi(configuration);
    this.positionsApi = new trading.PositionsApi(configuration);
    this.accounts = new trading.AccountsApi(configuration);
    this.activities = new trading.AccountActivitiesApi(configuration);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoff = options.retryBackoffMilliseconds ?? 250;
    // Core's bucket: a token comes back one minute after its answer, so no minute of Alpaca's clock
    // sees more than the limit (a continuously refilling bucket lets two minutes' worth through one).
    this.bucket = new TokenBucket({
      capacity: options.requestsPerMinute ?? 200,
      windowMilliseconds: 60_000,
      now: this.now,
      sleep: this.sleep,
    });
  }

  /**
   * POST /v2/orders, attempted once: a lost answer cannot be retried blindly (it may have placed the
   * order), so the caller looks the order up by client order id instead. A 429 is retried (Alpaca did
   * not process it).
   */
  placeOrder(body: AlpacaOrderRequestJson): Promise<AlpacaOrderJson> {
    return this.request('place order', false, async () =>
      json<AlpacaOrderJson>(await this.orders.postOrderRaw({ postOrderRequest: toSdkOrder(body) })),
    );
  }

  /** GET /v2/orders:by_client_order_id; null on 404. */
  async orderByClientOrderId(clientOrderId: string): Promise<AlpacaOrderJson | null> {
    return this.orNull(() =>
      this.request('order by client order id', true, async () =>
        json<AlpacaOrderJson>(await this.orders.getOrderByClientOrderIdRaw({ clientOrderId })),
      ),
    );
  }

  /** GET /v2/orders/{order_id}; null on 404. */
  async orderById(orderId: string): Promise<AlpacaOrderJson | null> {
    return this.orNull(() =>
      this.request('order by id', true, async () =>
        json<AlpacaOrderJson>(await this.orders.getOrderByOrderIDRaw({ orderId })),
      ),
    );
  }

  /** GET /v2/orders?status=open&limit=500 (Alpaca's maximum page). */
  openOrders(): Promise<AlpacaOrderJson[]> {
    return this.request('open orders', true, async () =>
      json<AlpacaOrderJson[]>(await this.orders.getAllOrdersRaw({ status: 'open', limit: 500 })),
    );
  }

  /** PATCH /v2/orders/{order_id}: answered by the replacing order (a new id). Attempted once. */
  replaceOrder(orderId: string, body: AlpacaReplaceRequestJson): Promise<AlpacaOrderJson> {
    const patch: trading.PatchOrderRequest = {};
    if (body.qty !== undefined) patch.qty = body.qty;
    if (body.limit_price !== undefined) patch.limitPrice = body.limit_price;
    if (body.stop_price !== undefined) patch.stopPrice = body.stop_price;
    if (body.client_order_id !== undefined) patch.clientOrderId = body.client_order_id;
    return this.request('replace order', false, async () =>
      json<AlpacaOrderJson>(await this.orders.patchOrderByOrderIdRaw({ orderId, patchOrderRequest: patch })),
    );
  }

  /** DELETE /v2/orders/{order_id}; a cancel is idempotent, so lost answers are retried. */
  async cancelOrder(orderId: string): Promise<void> {
    await this.request('cancel order', true, async () => {
      await this.orders.deleteOrderByOrderIDRaw({ orderId });
    });
  }

  positions(): Promise<AlpacaPositionJson[]> {
    return this.request('positions', true, async () =>
      json<AlpacaPositionJson[]>(await this.positionsApi.getAllOpenPositionsRaw()),
    );
  }

  account(): Promise<AlpacaAccountJson> {
    return this.request('account', true, async () =>
      json<AlpacaAccountJson>(await this.accounts.getAccountRaw()),
    );
  }

  /** Every FILL activity after `after` (exclusive), oldest first, following Alpaca's page tokens. */
  async fillsAfter(after: Date): Promise<AlpacaFillActivityJson[]> {
    const all: AlpacaFillActivityJson[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const token = pageToken;
      const page = await this.request('fill activities', true, async () =>
        json<AlpacaFillActivityJson[]>(
          await this.activities.getAccountActivitiesByActivityTypeRaw({
            activityType: 'FILL',
            after,
            direction: 'asc',
            pageSize: 100,
            ...(token === undefined ? {} : { pageToken: token }),
          }),
        ),
      );
      all.push(...page);
      const last = page[page.length - 1];
      if (page.length < 100 || !last) return all;
      pageToken = last.id;
    }
  }

  /**
   * Runs one call under the rate limit. 429s are retried after Alpaca's Retry-After; 5xx and lost
   * connections are retried with backoff only when `idempotent`. Failures become AtsErrors carrying
   * the classified failure (see `failureOf`).
   */
  private async request<T>(operation: string, idempotent: boolean, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = this.blockedUntil - this.now();
      if (wait > 0) await this.sleep(wait);
      const done = await this.bucket.take();
      try {
        const answer = await call();
        done();
        return answer;
      } catch (error) {
        // The answer (an error is one) has come: the token's window starts now.
        done();
        const failure = classifyAlpacaFailure(error);
        const retriesLeft = attempt < this.maxRetries;
        if (failure.kind === 'rate-limited' && retriesLeft) {
          const delay = failure.retryAfterMilliseconds ?? 1_000;
          this.blockedUntil = this.now() + delay;
          await this.sleep(delay);
          this.blockedUntil = 0;
          continue;
        }
        if (failure.kind === 'unavailable' && idempotent && retriesLeft) {
          await this.sleep(this.backoff * 2 ** attempt);
          continue;
        }
        throw attachFailure(alpacaError(operation, failure, failure.kind === 'unavailable'), failure);
      }
    }
  }

  private async orNull<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      if (failureOf(error)?.kind === 'not-found') return null;
      throw error;
    }
  }
}

const failures = new WeakMap<object, AlpacaFailure>();

function attachFailure(error: AtsError, failure: AlpacaFailure): AtsError {
  failures.set(error, failure);
  return error;
}

/** The classified Alpaca failure behind an error thrown by AlpacaRest, if it is one. */
export function failureOf(error: unknown): AlpacaFailure | undefined {
  return typeof error === 'object' && error !== null ? failures.get(error) : undefined;
}

/** The body exactly as Alpaca sent it: the SDK's typed models turn timestamps into Dates and drop fields. */
async function json<T>(response: { raw: { json(): Promise<unknown> } }): Promise<T> {
  return (await response.raw.json()) as T;
}

function toSdkOrder(body: AlpacaOrderRequestJson): trading.PostOrderRequest {
  const request: trading.PostOrderRequest = {
    symbol: body.symbol,
    qty: body.qty,
    side: body.side,
    type: body.type,
    timeInForce: body.time_in_force,
    clientOrderId: body.client_order_id,
  };
  if (body.limit_price !== undefined) request.limitPrice = body.limit_price;
  if (body.stop_price !== undefined) request.stopPrice = body.stop_price;
  if (body.trail_price !== undefined) request.trailPrice = body.trail_price;
  if (body.trail_percent !== undefined) request.trailPercent = body.trail_percent;
  return request;
}
