// A loopback Alpaca Market Data server for tests: REST bars/quotes/trades with next_page_token paging,
// the account's request limit (429 with X-RateLimit-Reset), and the v2 stocks stream protocol with its
// auth, subscription and error frames. It serves Alpaca's documented payloads, nothing more.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type AlpacaTestRecord = Record<string, unknown>;

export interface AlpacaMarketDataTestServerOptions {
  readonly keyId: string;
  readonly secret: string;
  /** The server's own limit: more requests than this inside one window get 429. */
  readonly limit: { readonly requests: number; readonly windowMilliseconds: number };
  /** REST data per symbol (Alpaca's form), in time order. */
  readonly bars?: Readonly<Record<string, readonly AlpacaTestRecord[]>>;
  readonly quotes?: Readonly<Record<string, readonly AlpacaTestRecord[]>>;
  readonly trades?: Readonly<Record<string, readonly AlpacaTestRecord[]>>;
  /** Most symbols one stream may subscribe to (405 past it). */
  readonly maxStreamSymbols?: number;
}

export interface LoggedRequest {
  readonly time: number;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

interface Injected {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export class AlpacaMarketDataTestServer {
  readonly requests: LoggedRequest[] = [];
  /** Frames clients sent the stream, in order. */
  readonly received: AlpacaTestRecord[] = [];
  private readonly injected: Injected[] = [];
  private readonly subscribed = new Set<WebSocket>();
  private authenticatedCount = 0;

  private constructor(
    private readonly options: AlpacaMarketDataTestServerOptions,
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
  ) {}

  static async start(options: AlpacaMarketDataTestServerOptions): Promise<AlpacaMarketDataTestServer> {
    const server = createServer();
    const sockets = new WebSocketServer({ server, path: '/v2/iex' });
    const instance = new AlpacaMarketDataTestServer(options, server, sockets);
    server.on('request', (request, response) => instance.handle(request, response));
    sockets.on('connection', (socket) => instance.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/v2/iex`;
  }

  /** The next REST request gets this answer instead (a 500, a 429, ...). */
  failNext(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.injected.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body), headers });
  }

  /** Sends market data frames to every subscribed stream client. */
  publish(messages: readonly AlpacaTestRecord[]): void {
    const frame = JSON.stringify(messages);
    for (const socket of this.subscribed) socket.send(frame);
  }

  /** Closes every stream connection from the server side. */
  dropStreams(code = 1011): void {
    for (const socket of this.sockets.clients) socket.close(code, 'server going away');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets.clients) socket.terminate();
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const now = Date.now();
    const query = Object.fromEntries(url.searchParams);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ time: now, path: url.pathname, query, status });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const { limit } = this.options;
    const inWindow = this.requests.filter((logged) => logged.time > now - limit.windowMilliseconds);
    if (inWindow.length >= limit.requests) {
      const oldest = inWindow[0]?.time ?? now;
      const reset = Math.ceil((oldest + limit.windowMilliseconds) / 1000);
      answer(
        429,
        { message: 'too many requests.' },
        {
          'x-ratelimit-limit': String(limit.requests),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
        },
      );
      return;
    }
    const injected = this.injected.shift();
    if (injected) {
      answer(injected.status, injected.body, injected.headers);
      return;
    }
    if (
      request.headers['apca-api-key-id'] !== this.options.keyId ||
      request.headers['apca-api-secret-key'] !== this.options.secret
    ) {
      answer(401, { message: 'unauthorized.' });
      return;
    }
    const match = /^\/v2\/stocks\/([^/]+)\/(bars|quotes|trades)$/.exec(url.pathname);
    if (!match) {
      answer(404, { message: 'Not Found' });
      return;
    }
    const symbol = decodeURIComponent(match[1] as string);
    const kind = match[2] as 'bars' | 'quotes' | 'trades';
    if (
      kind === 'bars' &&
      !['1Min', '5Min', '15Min', '30Min', '1Hour', '1Day'].includes(query.timeframe ?? '')
    ) {
      answer(422, { code: 42210000, message: `invalid timeframe: ${query.timeframe}` });
      return;
    }
    const start = Date.parse(query.start ?? '');
    const end = Date.parse(query.end ?? '');
    const all = (this.options[kind]?.[symbol] ?? []).filter((record) => {
      const time = Date.parse(String(record.t));
      return (Number.isNaN(start) || time >= start) && (Number.isNaN(end) || time <= end);
    });
    const offset = query.page_token ? Number(Buffer.from(query.page_token, 'base64').toString()) : 0;
    const size = Number(query.limit ?? 1000);
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64') : null;
    answer(200, { [kind]: page.length === 0 ? null : page, symbol, next_page_token: next });
  }

  private accept(socket: WebSocket): void {
    let authenticated = false;
    socket.send(JSON.stringify([{ T: 'success', msg: 'connected' }]));
    socket.on('close', () => {
      this.subscribed.delete(socket);
      if (authenticated) this.authenticatedCount--;
    });
    socket.on('message', (data) => {
      let message: AlpacaTestRecord;
      try {
        message = JSON.parse(data.toString()) as AlpacaTestRecord;
      } catch {
        socket.send(JSON.stringify([{ T: 'error', code: 400, msg: 'invalid syntax' }]));
        return;
      }
      this.received.push(message);
      if (message.action === 'auth') {
        if (message.key !== this.options.keyId || message.secret !== this.options.secret) {
          socket.send(JSON.stringify([{ T: 'error', code: 402, msg: 'auth failed' }]));
          return;
        }
        if (this.authenticatedCount >= 1) {
          // The Basic plan allows one connection per endpoint.
          socket.send(JSON.stringify([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]));
          socket.close(1008, 'connection limit exceeded');
          return;
        }
        authenticated = true;
        this.authenticatedCount++;
        socket.send(JSON.stringify([{ T: 'success', msg: 'authenticated' }]));
      } else if (message.action === 'subscribe') {
        if (!authenticated) {
          socket.send(JSON.stringify([{ T: 'error', code: 401, msg: 'not authenticated' }]));
          return;
        }
        const list = (name: string) => (Array.isArray(message[name]) ? (message[name] as string[]) : []);
        const distinct = new Set([...list('trades'), ...list('quotes'), ...list('bars')]);
        if (this.options.maxStreamSymbols !== undefined && distinct.size > this.options.maxStreamSymbols) {
          socket.send(JSON.stringify([{ T: 'error', code: 405, msg: 'symbol limit exceeded' }]));
          return;
        }
        this.subscribed.add(socket);
        socket.send(
          JSON.stringify([
            {
              T: 'subscription',
              trades: list('trades'),
              quotes: list('quotes'),
              bars: list('bars'),
              updatedBars: [],
              dailyBars: [],
              statuses: [],
              lulds: [],
              corrections: list('trades'),
              cancelErrors: list('trades'),
            },
          ]),
        );
      }
    });
  }
}
