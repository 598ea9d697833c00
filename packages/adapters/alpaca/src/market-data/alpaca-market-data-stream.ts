// Alpaca's stocks WebSocket (v2 protocol): welcome, auth, subscribe, then q/t/b messages; its error
// frames (402 auth failed, 405 symbol limit, 406 connection limit, ...) fail the connect or are announced.
import {
  AtsError,
  type DataClientStatusListeners,
  decimalTextOf,
  divideRoundHalfEven,
  formatRaw,
  type MarketDataHandlers,
  Price,
  parseRfc3339,
  type SymbolMap,
  type Ticker,
} from '@ats/core';
import WebSocket from 'ws';
import type { AlpacaCredentials } from '../alpaca-configuration.js';
import {
  type AlpacaJson,
  alpacaSource,
  rawBarOfAlpaca,
  rawTradeOfAlpaca,
} from './alpaca-market-data-wire.js';

/** Alpaca's stream error codes and what they mean (its documentation). */
export const alpacaStreamErrors: Readonly<Record<number, string>> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  406: 'connection limit exceeded',
  407: 'slow client',
  409: 'insufficient subscription',
  410: 'invalid subscribe action for this feed',
  500: 'internal error',
};

function errorOfCode(code: number, message: string): AtsError {
  const text = `alpaca stream: ${code} ${message}`;
  const details = { provider: alpacaSource, code };
  if (code === 402 || code === 401 || code === 409) return new AtsError('UNAUTHORIZED', text, { details });
  if (code === 406 || code === 500 || code === 407)
    return new AtsError('DATA_PROVIDER_UNAVAILABLE', text, { details });
  return new AtsError('INVALID_INPUT', text, { details });
}

export interface AlpacaStreamOptions {
  /** e.g. wss://stream.data.alpaca.markets/v2/iex */
  readonly url: string;
  readonly credentials: AlpacaCredentials;
  readonly symbols: SymbolMap;
  readonly status: DataClientStatusListeners;
  /** How long connect waits for the subscription acknowledgement. */
  readonly connectTimeoutMilliseconds?: number;
}

interface SymbolActivity {
  lastTrade: string | null;
  volumeSinceQuote: number;
}

export class AlpacaMarketDataStream {
  private socket: WebSocket | null = null;
  private lastMessage: number | null = null;
  private closing = false;
  private readonly activity = new Map<string, SymbolActivity>();

  constructor(private readonly options: AlpacaStreamOptions) {}

  lastMessageAt(): number | null {
    return this.lastMessage;
  }

  /** Opens, authenticates and subscribes; resolves on Alpaca's subscription message. */
  open(tickers: readonly Ticker[], handlers: MarketDataHandlers): Promise<void> {
    const { url, credentials, symbols, status } = this.options;
    const providerSymbols = tickers.map((ticker) => symbols.toProvider(alpacaSource, ticker));
    this.closing = false;
    const socket = new WebSocket(url);
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      let subscribed = false;
      const timer = setTimeout(
        () => fail(new AtsError('TIMEOUT', 'alpaca stream: no subscription acknowledgement in time')),
        this.options.connectTimeoutMilliseconds ?? 10_000,
      );
      const fail = (error: AtsError) => {
        clearTimeout(timer);
        status.emit('error', {
          reason: error.message,
          ...(typeof error.details.code === 'number' ? { code: error.details.code } : {}),
        });
        if (!subscribed) {
          this.closing = true;
          socket.terminate();
          reject(error);
        }
      };
      socket.on('message', (data) => {
        this.lastMessage = Date.now();
        let messages: unknown;
        try {
          messages = JSON.parse(data.toString());
        } catch {
          status.emit('error', { reason: 'alpaca stream: a frame that is not JSON' });
          return;
        }
        for (const message of Array.isArray(messages)
          ? (messages as AlpacaJson[])
          : [messages as AlpacaJson]) {
          switch (message.T) {
            case 'success':
              if (message.msg === 'connected')
                socket.send(
                  JSON.stringify({ action: 'auth', key: credentials.keyId, secret: credentials.secret }),
                );
              else if (message.msg === 'authenticated')
                socket.send(
                  JSON.stringify({
                    action: 'subscribe',
                    quotes: handlers.onQuote ? providerSymbols : [],
                    trades: handlers.onTrade || handlers.onQuote ? providerSymbols : [],
                    bars: handlers.onBar ? providerSymbols : [],
                  }),
                );
              break;
            case 'subscription':
              if (!subscribed) {
                subscribed = true;
                clearTimeout(timer);
                status.emit('connected');
                resolve();
              }
              break;
            case 'error': {
              const code = Number(message.code);
              fail(errorOfCode(code, String(message.msg ?? alpacaStreamErrors[code] ?? 'error')));
              break;
            }
            default:
              if (subscribed) this.dispatch(message, handlers);
          }
        }
      });
      socket.on('error', (error) => {
        if (!subscribed)
          fail(
            new AtsError('DATA_PROVIDER_UNAVAILABLE', `alpaca stream: ${error.message}`, { cause: error }),
          );
        else status.emit('error', { reason: error.message });
      });
      socket.on('close', (code, reason) => {
        clearTimeout(timer);
        if (this.socket === socket) this.socket = null;
        if (!subscribed && !this.closing) {
          reject(
            new AtsError('DATA_PROVIDER_UNAVAILABLE', `alpaca stream closed before subscribing (${code})`),
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

  private dispatch(message: AlpacaJson, handlers: MarketDataHandlers): void {
    const symbols = this.options.symbols;
    try {
      if (message.T === 't') {
        const trade = rawTradeOfAlpaca(message, symbols);
        const activity = this.activityOf(trade.symbol);
        activity.lastTrade = String(trade.price);
        activity.volumeSinceQuote += trade.size;
        handlers.onTrade?.(trade);
      } else if (message.T === 'q' && handlers.onQuote) {
        const symbol = symbols.fromProvider(alpacaSource, String(message.S));
        const bid = decimalTextOf(message.bp, 'alpaca stream q.bp');
        const ask = decimalTextOf(message.ap, 'alpaca stream q.ap');
        const activity = this.activityOf(symbol);
        handlers.onQuote({
          symbol,
          time: parseRfc3339(String(message.t), 'alpaca stream q.t'),
          bid,
          ask,
          bidSize: Number(message.bs),
          askSize: Number(message.as),
          // A quote carries no trade: the last trade seen on the stream, else the exact mid.
          last:
            activity.lastTrade ?? formatRaw(divideRoundHalfEven(Price.of(bid).raw + Price.of(ask).raw, 2)),
          volume: activity.volumeSinceQuote,
          source: alpacaSource,
        });
        activity.volumeSinceQuote = 0;
      } else if (message.T === 'b') handlers.onBar?.(rawBarOfAlpaca(message, symbols));
    } catch (error) {
      // A malformed record is announced and skipped; the stream goes on.
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
