// Polygon's stocks WebSocket: the "connected" status, auth (auth_success / auth_failed), subscribe
// (Q., T., AM. and optionally A. channels), status messages such as max_connections, and Q/T/AM/A events.
import {
  AtsError,
  type DataClientStatusListeners,
  decimalTextOf,
  divideRoundHalfEven,
  formatRaw,
  type MarketDataHandlers,
  Price,
  type SymbolMap,
  type Ticker,
} from '@ats/core';
import WebSocket from 'ws';
import { type PolygonJson, polygonSource, rawBarOfPolygon, rawTradeOfPolygon } from './polygon-wire.js';

export interface PolygonStreamOptions {
  /** e.g. wss://socket.polygon.io/stocks (real time) or wss://delayed.polygon.io/stocks (15 minutes). */
  readonly url: string;
  readonly apiKey: string;
  readonly symbols: SymbolMap;
  readonly status: DataClientStatusListeners;
  readonly connectTimeoutMilliseconds?: number;
  /** Also subscribe per-second aggregates (A.): one-second bars, on plans that stream them. */
  readonly secondBars?: boolean;
}

interface SymbolActivity {
  lastTrade: string | null;
  volumeSinceQuote: number;
}

export class PolygonMarketDataStream {
  private socket: WebSocket | null = null;
  private lastMessage: number | null = null;
  private closing = false;
  private readonly activity = new Map<string, SymbolActivity>();

  constructor(private readonly options: PolygonStreamOptions) {}

  lastMessageAt(): number | null {
    return this.lastMessage;
  }

  /** Opens, authenticates and subscribes; resolves when Polygon confirms every channel. */
  open(tickers: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    const { url, apiKey, symbols, status } = this.options;
    const providerSymbols = tickers.map((ticker) => symbols.toProvider(polygonSource, ticker));
    const channels = [
      ...(handlers.onQuote ? providerSymbols.map((symbol) => `Q.${symbol}`) : []),
      ...(handlers.onTrade || handlers.onQuote ? providerSymbols.map((symbol) => `T.${symbol}`) : []),
      ...(handlers.onBar ? providerSymbols.map((symbol) => `AM.${symbol}`) : []),
      ...(handlers.onBar && this.options.secondBars ? providerSymbols.map((symbol) => `A.${symbol}`) : []),
    ];
    this.closing = false;
    const socket = new WebSocket(url);
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      let subscribed = false;
      const pending = new Set(channels);
      const timer = setTimeout(
        () => fail(new AtsError('TIMEOUT', 'polygon stream: no subscription confirmation in time')),
        this.options.connectTimeoutMilliseconds ?? 10_000,
      );
      const fail = (error: AtsError) => {
        clearTimeout(timer);
        status.emit('error', {
          reason: error.message,
          ...(typeof error.details.status === 'string' ? { code: error.details.status } : {}),
        });
        if (!subscribed) {
          this.closing = true;
          socket.terminate();
          reject(error);
        }
      };
      const ready = () => {
        subscribed = true;
        clearTimeout(timer);
        status.emit('connected');
        resolve();
      };
      socket.on('message', (data) => {
        this.lastMessage = Date.now();
        let events: unknown;
        try {
          events = JSON.parse(data.toString());
        } catch {
          status.emit('error', { reason: 'polygon stream: a frame that is not JSON' });
          return;
        }
        for (const event of Array.isArray(events) ? (events as PolygonJson[]) : [events as PolygonJson]) {
          if (event.ev !== 'status') {
            if (subscribed) this.dispatch(event, handlers);
            continue;
          }
          const message = String(event.message ?? '');
          switch (event.status) {
            case 'connected':
              socket.send(JSON.stringify({ action: 'auth', params: apiKey }));
              break;
            case 'auth_success':
              if (channels.length === 0) ready();
              else socket.send(JSON.stringify({ action: 'subscribe', params: channels.join(',') }));
              break;
            case 'auth_failed':
              fail(
                new AtsError('UNAUTHORIZED', `polygon stream: auth_failed: ${message}`, {
                  details: { provider: polygonSource, status: 'auth_failed' },
                }),
              );
              break;
            case 'max_connections':
              fail(
                new AtsError('DATA_PROVIDER_UNAVAILABLE', `polygon stream: max_connections: ${message}`, {
                  details: { provider: polygonSource, status: 'max_connections' },
                }),
              );
              break;
            case 'success': {
              // "subscribed to: Q.AAPL" (one status per channel, or a list)
              const named = /^subscribed to: (.*)$/.exec(message);
              if (named) for (const channel of (named[1] ?? '').split(',')) pending.delete(channel.trim());
              if (!subscribed && pending.size === 0) ready();
              break;
            }
            case 'error':
              fail(
                new AtsError('INVALID_INPUT', `polygon stream: ${message}`, {
                  details: { provider: polygonSource, status: 'error' },
                }),
              );
              break;
            default:
              status.emit('error', {
                reason: `polygon stream: ${String(event.status)}: ${message}`,
                code: String(event.status),
              });
          }
        }
      });
      socket.on('error', (error) => {
        if (!subscribed)
          fail(
            new AtsError('DATA_PROVIDER_UNAVAILABLE', `polygon stream: ${error.message}`, { cause: error }),
          );
        else status.emit('error', { reason: error.message });
      });
      socket.on('close', (code, reason) => {
        clearTimeout(timer);
        if (this.socket === socket) this.socket = null;
        if (!subscribed && !this.closing) {
          reject(
            new AtsError('DATA_PROVIDER_UNAVAILABLE', `polygon stream closed before subscribing (${code})`),
          );
          return;
        }
        if (subscribed)
          status.emit('disconnected', {
            reason: this.closing
              ? 'disconnect requested'
              : `closed by the server: ${code} ${reason.toString()}`.trim(),
            code,
          });
      });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.closing = true;
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.close();
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2_000).unref();
    });
  }

  private dispatch(event: PolygonJson, handlers: MarketDataHandlers): void {
    const symbols = this.options.symbols;
    try {
      if (event.ev === 'T') {
        const trade = rawTradeOfPolygon(event, symbols);
        const activity = this.activityOf(trade.symbol);
        activity.lastTrade = String(trade.price);
        activity.volumeSinceQuote += trade.size;
        handlers.onTrade?.(trade);
      } else if (event.ev === 'Q' && handlers.onQuote) {
        const symbol = symbols.fromProvider(polygonSource, String(event.sym));
        const bid = decimalTextOf(event.bp, 'polygon stream Q.bp');
        const ask = decimalTextOf(event.ap, 'polygon stream Q.ap');
        const time = Number(event.t);
        const activity = this.activityOf(symbol);
        handlers.onQuote({
          symbol,
          time,
          bid,
          ask,
          bidSize: Number(event.bs),
          askSize: Number(event.as),
          last:
            activity.lastTrade ?? formatRaw(divideRoundHalfEven(Price.of(bid).raw + Price.of(ask).raw, 2)),
          volume: activity.volumeSinceQuote,
          source: polygonSource,
        });
        activity.volumeSinceQuote = 0;
      } else if (event.ev === 'AM' || event.ev === 'A') handlers.onBar?.(rawBarOfPolygon(event, symbols));
    } catch (error) {
      this.options.status.emit('error', { reason: error instanceof Error ? error.message : String(error) });
    }
  }

  private activityOf(symbol: string): SymbolActivity {
    let activity = this.activity.get(symbol);
    if (!activity) {
      activity = { lastTrade: null, volumeSinceQuote: 0 };
      this.activity.set(symbol, activity);
    }
    return activity;
  }
}
