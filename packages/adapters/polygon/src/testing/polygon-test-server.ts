// A loopback Polygon.io server for tests: v2 aggregates and v3 quotes/trades with next_url paging,
// the plan's request limit (429 with Polygon's error envelope), and the stocks WebSocket protocol
// (connected, auth_success/auth_failed, max_connections, subscribe confirmations, Q/T/AM events).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export type PolygonTestRecord = Record<string, unknown>;

export interface PolygonTestServerOptions {
  readonly apiKey: string;
  readonly limit: { readonly requests: number; readonly windowMilliseconds: number };
  /** Aggregates per ticker (Polygon's form, `t` in epoch ms), in time order. */
  readonly aggregates?: Readonly<Record<string, readonly PolygonTestRecord[]>>;
  /** v3 quotes and trades per ticker (`sip_timestamp` in epoch ns, as a digit string). */
  readonly quotes?: Readonly<Record<string, readonly PolygonTestRecord[]>>;
  readonly trades?: Readonly<Record<string, readonly PolygonTestRecord[]>>;
  /** Stream connections allowed at once (max_connections past it). */
  readonly maxConnections?: number;
}

export interface PolygonLoggedRequest {
  readonly time: number;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

export class PolygonTestServer {
  readonly requests: PolygonLoggedRequest[] = [];
  readonly received: PolygonTestRecord[] = [];
  private readonly injected: { status: number; body: string }[] = [];
  private readonly subscribed = new Set<WebSocket>();
  private authenticated = 0;

  private constructor(
    private readonly options: PolygonTestServerOptions,
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
  ) {}

  static async start(options: PolygonTestServerOptions): Promise<PolygonTestServer> {
    const server = createServer();
    const sockets = new WebSocketServer({ server, path: '/stocks' });
    const instance = new PolygonTestServer(options, server, sockets);
    server.on('request', (request, response) => instance.handle(request, response));
    sockets.on('connection', (socket) => instance.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get restUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get streamUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/stocks`;
  }

  failNext(status: number, body: unknown): void {
    this.injected.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  publish(events: readonly PolygonTestRecord[]): void {
    const frame = JSON.stringify(events);
    for (const socket of this.subscribed) socket.send(frame);
  }

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
    const answer = (status: number, body: unknown) => {
      this.requests.push({ time: now, path: url.pathname, query, status });
      response.writeHead(status, { 'content-type': 'application/json' });
      // Nanosecond times are given as digit strings (a JS number cannot hold them) and sent as JSON
      // numbers, as Polygon sends them.
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      response.end(text.replace(/"(sip_timestamp|participant_timestamp)":"(\d+)"/g, '"$1":$2'));
    };
    const requestId = `req-${this.requests.length + 1}`;
    const { limit } = this.options;
    if (
      this.requests.filter((logged) => logged.time > now - limit.windowMilliseconds).length >= limit.requests
    ) {
      answer(429, {
        status: 'ERROR',
        request_id: requestId,
        error:
          "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
      });
      return;
    }
    const injected = this.injected.shift();
    if (injected) {
      answer(injected.status, injected.body);
      return;
    }
    if (query.apiKey !== this.options.apiKey) {
      answer(401, { status: 'ERROR', request_id: requestId, error: 'Unknown API Key' });
      return;
    }
    const offset = Number(query.cursor ?? 0);
    const size = Number(query.limit ?? 5000);
    const nextUrl = (total: number) => {
      if (offset + size >= total) return undefined;
      const next = new URL(url.pathname, this.restUrl);
      for (const [name, value] of Object.entries(query))
        if (name !== 'apiKey' && name !== 'cursor') next.searchParams.set(name, value);
      next.searchParams.set('cursor', String(offset + size));
      return next.toString();
    };
    const aggregates = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/(minute|hour|day)\/(\d+)\/(\d+)$/.exec(
      url.pathname,
    );
    if (aggregates) {
      const ticker = decodeURIComponent(aggregates[1] as string);
      const from = Number(aggregates[4]);
      const to = Number(aggregates[5]);
      const all = (this.options.aggregates?.[ticker] ?? []).filter(
        (record) => Number(record.t) >= from && Number(record.t) <= to,
      );
      const results = all.slice(offset, offset + size);
      answer(200, {
        ticker,
        queryCount: results.length,
        resultsCount: results.length,
        adjusted: query.adjusted !== 'false',
        ...(results.length > 0 ? { results } : {}),
        status: 'OK',
        request_id: requestId,
        count: results.length,
        ...(nextUrl(all.length) ? { next_url: nextUrl(all.length) } : {}),
      });
      return;
    }
    const v3 = /^\/v3\/(quotes|trades)\/([^/]+)$/.exec(url.pathname);
    if (v3) {
      const kind = v3[1] as 'quotes' | 'trades';
      const ticker = decodeURIComponent(v3[2] as string);
      const from = BigInt(query['timestamp.gte'] ?? '0');
      const to = BigInt(query['timestamp.lt'] ?? '9'.repeat(20));
      const all = (this.options[kind]?.[ticker] ?? []).filter((record) => {
        const time = BigInt(String(record.sip_timestamp));
        return time >= from && time < to;
      });
      answer(200, {
        results: all.slice(offset, offset + size),
        status: 'OK',
        request_id: requestId,
        ...(nextUrl(all.length) ? { next_url: nextUrl(all.length) } : {}),
      });
      return;
    }
    answer(404, { status: 'NOT_FOUND', request_id: requestId, message: 'Not found' });
  }

  private accept(socket: WebSocket): void {
    let authenticated = false;
    const send = (events: PolygonTestRecord[]) => socket.send(JSON.stringify(events));
    send([{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]);
    socket.on('close', () => {
      this.subscribed.delete(socket);
      if (authenticated) this.authenticated--;
    });
    socket.on('message', (data) => {
      let message: PolygonTestRecord;
      try {
        message = JSON.parse(data.toString()) as PolygonTestRecord;
      } catch {
        send([{ ev: 'status', status: 'error', message: 'invalid json' }]);
        return;
      }
      this.received.push(message);
      if (message.action === 'auth') {
        if (message.params !== this.options.apiKey) {
          send([{ ev: 'status', status: 'auth_failed', message: 'authentication failed' }]);
          socket.close(1008, 'authentication failed');
          return;
        }
        if (this.authenticated >= (this.options.maxConnections ?? 1)) {
          send([
            {
              ev: 'status',
              status: 'max_connections',
              message: 'Maximum number of websocket connections exceeded. You have 1 allowed connection(s).',
            },
          ]);
          socket.close(1008, 'max connections');
          return;
        }
        authenticated = true;
        this.authenticated++;
        send([{ ev: 'status', status: 'auth_success', message: 'authenticated' }]);
      } else if (message.action === 'subscribe') {
        if (!authenticated) {
          send([{ ev: 'status', status: 'error', message: 'not authorized' }]);
          return;
        }
        this.subscribed.add(socket);
        send(
          String(message.params)
            .split(',')
            .map((channel) => ({ ev: 'status', status: 'success', message: `subscribed to: ${channel}` })),
        );
      }
    });
  }
}
