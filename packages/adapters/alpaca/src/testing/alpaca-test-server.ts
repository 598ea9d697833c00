// A loopback Alpaca Trading API v2 server for tests: REST orders, positions, account, FILL
// activities and the trade_updates WebSocket, in Alpaca's wire format, with scripted faults.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type {
  AlpacaErrorJson,
  AlpacaOrderRequestJson,
  AlpacaReplaceRequestJson,
  AlpacaTradeUpdateJson,
} from '../alpaca-wire.js';
import { AlpacaTestBook } from './alpaca-test-book.js';

export interface AlpacaTestServerOptions {
  readonly keyId?: string;
  readonly secret?: string;
  readonly startingCash?: string;
  /** Distinguishes the ids of two servers in one test (failover). */
  readonly idPrefix?: number;
}

interface ScriptedAnswer {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly body: AlpacaErrorJson;
  readonly retryAfterSeconds: number | null;
  remaining: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
}

export class AlpacaTestServer {
  readonly keyId: string;
  readonly secret: string;
  readonly book: AlpacaTestBook;
  /** Every REST request received, in order (faulted ones included). */
  readonly requests: RecordedRequest[] = [];
  private readonly http: Server;
  private readonly sockets = new Set<Socket>();
  private readonly streams: WebSocketServer;
  private readonly listening = new Set<WebSocket>();
  private readonly scripted: ScriptedAnswer[] = [];
  private dropNextPlacement = false;
  private holdNextPlacement = false;
  private port = 0;

  private constructor(options: AlpacaTestServerOptions) {
    this.keyId = options.keyId ?? 'PKTEST000000000000000';
    this.secret = options.secret ?? 'test-secret-not-real';
    this.book = new AlpacaTestBook(
      options.startingCash ?? '100000',
      (update) => this.broadcast(update),
      options.idPrefix ?? 1,
    );
    this.http = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.answer(response, 500, { code: 50010000, message: String(error) });
      });
    });
    this.http.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.streams = new WebSocketServer({ server: this.http, path: '/stream' });
    this.streams.on('connection', (socket) => this.onStream(socket));
  }

  /** Starts a server on an ephemeral loopback port. */
  static async start(options: AlpacaTestServerOptions = {}): Promise<AlpacaTestServer> {
    const server = new AlpacaTestServer(options);
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    server.port = (server.http.address() as AddressInfo).port;
    return server;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${this.port}/stream`;
  }

  /** The next `times` requests to `method path` get this error instead of being served. */
  failNext(
    method: string,
    path: string,
    status: number,
    message: string,
    options: { times?: number; retryAfterSeconds?: number; code?: number } = {},
  ): void {
    this.scripted.push({
      method,
      path,
      status,
      body: { code: options.code ?? status * 100_000, message },
      retryAfterSeconds: options.retryAfterSeconds ?? null,
      remaining: options.times ?? 1,
    });
  }

  /** Forgets every scripted failure not yet served. */
  clearFaults(): void {
    this.scripted.length = 0;
    this.dropNextPlacement = false;
    this.holdNextPlacement = false;
  }

  /** The next POST /v2/orders creates its order, then the connection drops before the answer. */
  dropResponseAfterNextPlacement(): void {
    this.dropNextPlacement = true;
  }

  /** The next POST /v2/orders creates its order and never answers: the client's request times out. */
  holdResponseAfterNextPlacement(): void {
    this.holdNextPlacement = true;
  }

  /** Terminates every trade_updates connection; updates until the client reconnects are lost. */
  dropStreams(): void {
    for (const socket of this.streams.clients) socket.terminate();
    this.listening.clear();
  }

  /** How many clients currently listen to trade_updates. */
  get listenerCount(): number {
    return this.listening.size;
  }

  /** Count of REST requests matching a method and path. */
  count(method: string, path: string): number {
    return this.requests.filter((request) => request.method === method && request.path === path).length;
  }

  async stop(): Promise<void> {
    for (const socket of this.streams.clients) socket.terminate();
    this.streams.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onStream(socket: WebSocket): void {
    let authorized = false;
    socket.on('message', (raw) => {
      let message: { action?: string; data?: Record<string, unknown> };
      try {
        message = JSON.parse(String(raw)) as typeof message;
      } catch {
        return;
      }
      if (message.action === 'authenticate') {
        authorized = message.data?.key_id === this.keyId && message.data?.secret_key === this.secret;
        this.send(socket, {
          stream: 'authorization',
          data: { status: authorized ? 'authorized' : 'unauthorized', action: 'authenticate' },
        });
      } else if (message.action === 'listen') {
        if (!authorized) {
          this.send(socket, { stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
          return;
        }
        const streams = Array.isArray(message.data?.streams) ? (message.data.streams as string[]) : [];
        if (streams.includes('trade_updates')) this.listening.add(socket);
        else this.listening.delete(socket);
        this.send(socket, {
          stream: 'listening',
          data: { streams: streams.filter((s) => s === 'trade_updates') },
        });
      }
    });
    socket.on('close', () => this.listening.delete(socket));
  }

  private broadcast(update: AlpacaTradeUpdateJson): void {
    for (const socket of this.listening) this.send(socket, { stream: 'trade_updates', data: update });
  }

  /** The paper endpoint sends binary frames of JSON text (Alpaca's documented note). */
  private send(socket: WebSocket, message: unknown): void {
    socket.send(Buffer.from(JSON.stringify(message)), { binary: true });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.restUrl);
    const method = request.method ?? 'GET';
    const path = url.pathname;
    this.requests.push({ method, path });
    if (
      request.headers['apca-api-key-id'] !== this.keyId ||
      request.headers['apca-api-secret-key'] !== this.secret
    ) {
      this.answer(response, 401, { code: 40110000, message: 'request is not authorized' });
      return;
    }
    const script = this.scripted.find((entry) => entry.method === method && entry.path === path);
    if (script) {
      script.remaining -= 1;
      if (script.remaining === 0) this.scripted.splice(this.scripted.indexOf(script), 1);
      const headers: Record<string, string> =
        script.retryAfterSeconds === null ? {} : { 'Retry-After': String(script.retryAfterSeconds) };
      this.answer(response, script.status, script.body, headers);
      return;
    }
    const body = method === 'POST' || method === 'PATCH' ? await readJson(request) : null;
    this.route(method, path, url.searchParams, body, response);
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    response: ServerResponse,
  ): void {
    const book = this.book;
    const orderPath = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (method === 'POST' && path === '/v2/orders') {
      const placed = book.place(body as AlpacaOrderRequestJson);
      if (this.dropNextPlacement && placed.ok) {
        this.dropNextPlacement = false;
        response.socket?.destroy();
        return;
      }
      if (this.holdNextPlacement && placed.ok) {
        this.holdNextPlacement = false;
        return; // the connection stays open and silent until the client gives up or the server stops
      }
      this.result(response, placed, 200);
    } else if (method === 'GET' && path === '/v2/orders') {
      const status = query.get('status') ?? 'open';
      if (status !== 'open') this.answer(response, 422, { code: 40010001, message: 'only status=open' });
      else this.answer(response, 200, book.openOrders().slice(0, Number(query.get('limit') ?? '50')));
    } else if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = book.byClientOrderId(query.get('client_order_id') ?? '');
      if (order) this.answer(response, 200, order);
      else this.answer(response, 404, { code: 40410000, message: 'order not found' });
    } else if (orderPath && method === 'GET') {
      const order = book.byId(decodeURIComponent(orderPath[1] ?? ''));
      if (order) this.answer(response, 200, order);
      else this.answer(response, 404, { code: 40410000, message: 'order not found' });
    } else if (orderPath && method === 'PATCH') {
      this.result(
        response,
        book.replace(decodeURIComponent(orderPath[1] ?? ''), body as AlpacaReplaceRequestJson),
        200,
      );
    } else if (orderPath && method === 'DELETE') {
      this.result(response, book.cancel(decodeURIComponent(orderPath[1] ?? '')), 204);
    } else if (method === 'GET' && path === '/v2/positions') {
      this.answer(response, 200, book.positions());
    } else if (method === 'GET' && path === '/v2/account') {
      this.answer(response, 200, book.account());
    } else if (method === 'GET' && path === '/v2/account/activities/FILL') {
      const direction = query.get('direction') === 'asc' ? 'asc' : 'desc';
      this.answer(
        response,
        200,
        book.fillActivities({
          after: query.get('after'),
          direction,
          pageSize: Math.min(Number(query.get('page_size') ?? '100'), 100),
          pageToken: query.get('page_token'),
        }),
      );
    } else {
      this.answer(response, 404, { code: 40410000, message: 'endpoint not found' });
    }
  }

  private result(
    response: ServerResponse,
    result: { ok: true; value: unknown } | { ok: false; status: number; error: AlpacaErrorJson },
    status: number,
  ): void {
    if (result.ok) this.answer(response, status, status === 204 ? undefined : result.value);
    else this.answer(response, result.status, result.error);
  }

  private answer(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (response.headersSent || response.destroyed) return;
    if (body === undefined) {
      response.writeHead(status, headers).end();
      return;
    }
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(text);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? null : (JSON.parse(text) as unknown);
}
