// A loopback HTTP server speaking Binance's spot REST API (v3) for the endpoints ccxt calls: time,
// exchangeInfo, order (POST, DELETE, GET), openOrders, myTrades and account, with injectable failures.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BinanceErrorJson } from '../binance-wire.js';
import { BinanceRefusal, BinanceTestBook, type BinanceTestSymbol } from './binance-test-book.js';

export interface BinanceTestFailure {
  readonly status: number;
  readonly body: BinanceErrorJson;
  /** Sent as the Retry-After header (seconds), as Binance does with 429 and 418. */
  readonly retryAfterSeconds?: number;
}

interface PendingFailure extends BinanceTestFailure {
  readonly method: string;
  readonly path: string;
  remaining: number;
}

export interface BinanceTestRequest {
  readonly method: string;
  readonly path: string;
  readonly parameters: URLSearchParams;
  readonly apiKey: string | null;
}

/** Binance's answer to too many requests (HTTP 429). */
export const tooManyRequests: BinanceErrorJson = {
  code: -1003,
  msg: 'Too many requests; current limit of IP(127.0.0.1) is 6000 requests per minute. Please use WebSocket Streams for live updates to avoid polling the API.',
};

/** Binance's answer when its matching engine is overloaded (HTTP 503): the outcome is unknown. */
export const serviceUnavailable: BinanceErrorJson = {
  code: -1008,
  msg: 'Spot server is currently overloaded with other requests. Please try again in a few minutes.',
};

const publicPaths = new Set(['/api/v3/time', '/api/v3/exchangeInfo', '/api/v3/ping']);

export class BinanceTestServer {
  readonly apiKey = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
  readonly secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
  readonly book: BinanceTestBook;
  readonly requests: BinanceTestRequest[] = [];
  private readonly failures: PendingFailure[] = [];
  private dropNextPlacementAnswer = false;

  private constructor(
    private readonly server: Server,
    symbols: readonly BinanceTestSymbol[],
  ) {
    this.book = new BinanceTestBook(symbols);
    server.on('request', (request, response) => void this.serve(request, response));
  }

  /** Starts on a free loopback port, listing BTC/USDT and ETH/USDT unless told other symbols. */
  static async start(
    symbols: readonly BinanceTestSymbol[] = [
      { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT' },
      { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT' },
    ],
  ): Promise<BinanceTestServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BinanceTestServer(server, symbols);
  }

  /** The base URL the adapter is pointed at (ccxt's `urls.api.public` and `.private` become `<url>/api/v3`). */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next `times` requests to `method path` are answered with this failure instead. */
  failNext(method: string, path: string, failure: BinanceTestFailure, times = 1): void {
    this.failures.push({ ...failure, method, path, remaining: times });
  }

  /** The next order placement is made, but its answer is lost (the connection is cut). */
  dropResponseAfterNextPlacement(): void {
    this.dropNextPlacementAnswer = true;
  }

  count(method: string, path: string): number {
    return this.requests.filter((request) => request.method === method && request.path === path).length;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const parameters = new URLSearchParams(url.search);
    // Binance takes the parameters of POST and DELETE from the query string and the form body alike.
    const body = await readBody(request);
    for (const [name, value] of new URLSearchParams(body)) parameters.set(name, value);
    const apiKey = headerValue(request, 'x-mbx-apikey');
    this.requests.push({ method, path: url.pathname, parameters, apiKey });

    const failure = this.failures.find((each) => each.method === method && each.path === url.pathname);
    if (failure) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) };
      send(response, failure.status, failure.body, headers);
      return;
    }
    if (!publicPaths.has(url.pathname)) {
      if (apiKey !== this.apiKey) {
        send(response, 401, { code: -2014, msg: 'API-key format invalid.' });
        return;
      }
      // A signed endpoint needs a timestamp and a signature; the HMAC itself is not checked here.
      if (!parameters.get('signature') || !parameters.get('timestamp')) {
        send(response, 400, {
          code: -1102,
          msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
        });
        return;
      }
    }
    try {
      const answer = this.answer(method, url.pathname, parameters);
      if (answer === undefined) {
        send(response, 404, { code: -1000, msg: `no route ${method} ${url.pathname}` });
        return;
      }
      if (method === 'POST' && url.pathname === '/api/v3/order' && this.dropNextPlacementAnswer) {
        this.dropNextPlacementAnswer = false;
        request.socket.destroy();
        return;
      }
      send(response, 200, answer);
    } catch (error) {
      if (error instanceof BinanceRefusal) send(response, error.status, error.body);
      else send(response, 500, { code: -1000, msg: String(error) });
    }
  }

  private answer(method: string, path: string, parameters: URLSearchParams): unknown {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /api/v3/ping':
        return {};
      case 'GET /api/v3/time':
        return { serverTime: Date.now() };
      case 'GET /api/v3/exchangeInfo':
        return this.exchangeInfo();
      case 'POST /api/v3/order':
        return this.book.place(parameters);
      case 'DELETE /api/v3/order':
        return this.book.cancel(parameters);
      case 'GET /api/v3/order':
        return this.book.query(parameters);
      case 'GET /api/v3/openOrders':
        return this.book.openOrders(parameters);
      case 'GET /api/v3/myTrades':
        return this.book.myTrades(parameters);
      case 'GET /api/v3/account':
        return this.book.account();
      default:
        return undefined;
    }
  }

  /** GET /api/v3/exchangeInfo, each symbol shaped as Binance's documented example. */
  private exchangeInfo(): unknown {
    return {
      timezone: 'UTC',
      serverTime: Date.now(),
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
        { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
      ],
      exchangeFilters: [],
      symbols: this.book.listedSymbols().map((symbol) => ({
        symbol: symbol.symbol,
        status: 'TRADING',
        baseAsset: symbol.baseAsset,
        baseAssetPrecision: 8,
        quoteAsset: symbol.quoteAsset,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        baseCommissionPrecision: 8,
        quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: true,
        ocoAllowed: true,
        otoAllowed: true,
        quoteOrderQtyMarketAllowed: true,
        allowTrailingStop: true,
        cancelReplaceAllowed: true,
        amendAllowed: true,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: '0.01000000',
            maxPrice: '1000000.00000000',
            tickSize: '0.01000000',
          },
          { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
          { filterType: 'MIN_NOTIONAL', minNotional: '5.00000000', applyToMarket: true, avgPriceMins: 5 },
          {
            filterType: 'MARKET_LOT_SIZE',
            minQty: '0.00000000',
            maxQty: '100.00000000',
            stepSize: '0.00000000',
          },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
        allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    };
  }
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}
