// The trade_updates WebSocket through the SDK's TradingStream: authenticate, listen, hand each raw
// update on, and say when a dropped connection is listening again (so missed fills can be fetched).
import { streaming } from '@alpacahq/alpaca-trade-api';
import { AtsError } from '@ats/core';
import type { AlpacaTradeUpdateJson } from './alpaca-wire.js';

export interface AlpacaTradeUpdatesOptions {
  readonly streamUrl: string;
  readonly keyId: string;
  readonly secret: string;
  /** First reconnect delay; doubles up to 30 s (default 1 s). */
  readonly reconnectDelayMilliseconds?: number;
  /** How long `connect` waits for the stream to authenticate and listen (default 10 s). */
  readonly connectTimeoutMilliseconds?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The SDK's stream maps each update to its typed model, which turns timestamps into Dates and renames
 * the order's fields; this subclass hands on the documented JSON untouched and leaves the protocol
 * (authentication, listen, ping, reconnect) to the SDK.
 */
class RawTradingStream extends streaming.TradingStream {
  receive: (update: AlpacaTradeUpdateJson) => void = () => {};

  protected override handleMessage(message: unknown): void {
    if (isRecord(message) && message.stream === 'trade_updates' && isRecord(message.data)) {
      const data = message.data;
      if (!isRecord(data.order)) throw new TypeError('trade update without an order');
      this.receive(data as unknown as AlpacaTradeUpdateJson);
      return;
    }
    super.handleMessage(message);
  }
}

export class AlpacaTradeUpdates {
  private readonly stream: RawTradingStream;
  private listenedOnce = false;
  private listening = false;
  private reconnected: () => void = () => {};
  private firstListen: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(private readonly options: AlpacaTradeUpdatesOptions) {
    this.stream = new RawTradingStream({
      url: options.streamUrl,
      credentials: { keyId: options.keyId, secret: options.secret },
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      initialReconnectMs: options.reconnectDelayMilliseconds ?? 1_000,
      maxReconnectMs: 30_000,
    });
    this.stream.subscribeTradeUpdates();
    // The `listening` acknowledgement, not the authorization, is when no update can be missed any more.
    this.stream.on(streaming.EVENT.SUBSCRIPTION, () => {
      this.listening = true;
      if (!this.listenedOnce) {
        this.listenedOnce = true;
        this.firstListen?.resolve();
        this.firstListen = null;
      } else {
        this.reconnected();
      }
    });
    this.stream.onDisconnect(() => {
      this.listening = false;
    });
    this.stream.onStateChange((state) => {
      if (state !== streaming.STATE.AUTHENTICATED && state !== streaming.STATE.CONNECTED)
        this.listening = false;
    });
    this.stream.onError((message) => {
      // The SDK reports a refused authentication as an error and stops; the secret is never in it.
      if (/auth/i.test(message)) {
        this.firstListen?.reject(new AtsError('UNAUTHORIZED', `Alpaca trade_updates: ${message}`));
        this.firstListen = null;
      }
    });
  }

  onUpdate(handler: (update: AlpacaTradeUpdateJson) => void): void {
    this.stream.receive = handler;
  }

  /** Called each time the stream listens again after a drop. */
  onReconnected(handler: () => void): void {
    this.reconnected = handler;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Opens the stream; resolves once Alpaca acknowledged the listen. */
  connect(): Promise<void> {
    if (this.listenedOnce) {
      this.stream.connect();
      return Promise.resolve();
    }
    const timeout = this.options.connectTimeoutMilliseconds ?? 10_000;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.firstListen = null;
        reject(new AtsError('TIMEOUT', `Alpaca trade_updates did not listen within ${timeout} ms`));
      }, timeout);
      this.firstListen = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.stream.connect();
    });
  }

  disconnect(): void {
    this.listening = false;
    this.stream.disconnect();
  }
}
