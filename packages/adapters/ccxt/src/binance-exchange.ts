// ccxt's Binance exchange as this adapter uses it: spot markets only, pointed at a base URL (Binance's
// own, or a loopback test server), with Binance's Retry-After and error message kept on the errors.
import { binance, ExchangeNotAvailable, RateLimitExceeded } from 'ccxt';

/** What the adapter reads off a ccxt error besides its class. */
export interface VenueErrorFacts {
  /** Binance's `msg`, when the answer carried one. */
  venueMessage?: string;
  /** Binance's `code`, e.g. -2010. */
  venueCode?: number;
  /** Seconds from a 429 or 418 answer's Retry-After header. */
  retryAfterSeconds?: number;
}

export interface BinanceExchangeSettings {
  /** e.g. https://api.binance.com, or a test server's http://127.0.0.1:port */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly secret: string;
  readonly timeoutMilliseconds: number;
}

/**
 * ccxt's binance with two additions in its error hook: a 429/418 keeps Binance's Retry-After (ccxt
 * drops it), and every error keeps Binance's own message and code, so a rejection can quote them.
 */
class BinanceWithVenueErrors extends binance {
  override handleErrors(
    code: number,
    reason: string,
    url: string,
    method: string,
    headers: Record<string, unknown>,
    body: string,
    response: unknown,
    requestHeaders: unknown,
    requestBody: unknown,
  ): undefined {
    const facts = venueFacts(body);
    if (code === 429 || code === 418) {
      const retryAfter = Number(headers['Retry-After']);
      throw Object.assign(new RateLimitExceeded(`binance ${code} ${facts.venueMessage ?? reason}`), facts, {
        ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}),
      });
    }
    // Binance's 5xx means the outcome is unknown (its documentation says so for 503): never a rejection.
    if (code >= 500) {
      throw Object.assign(new ExchangeNotAvailable(`binance ${code} ${facts.venueMessage ?? reason}`), facts);
    }
    try {
      return super.handleErrors(
        code,
        reason,
        url,
        method,
        headers,
        body,
        response,
        requestHeaders,
        requestBody,
      );
    } catch (error) {
      throw error instanceof Error ? Object.assign(error, facts) : error;
    }
  }
}

export type BinanceExchange = InstanceType<typeof binance>;

export function createBinanceExchange(settings: BinanceExchangeSettings): BinanceExchange {
  const api = `${settings.baseUrl.replace(/\/+$/, '')}/api/v3`;
  const exchange = new BinanceWithVenueErrors({
    apiKey: settings.apiKey,
    secret: settings.secret,
    timeout: settings.timeoutMilliseconds,
    // ccxt's limiter spaces requests by Binance's weights; our own code honours Retry-After on top.
    enableRateLimit: true,
    options: {
      defaultType: 'spot',
      // Only spot: no futures or options exchangeInfo, no margin pairs, no currency list (a /sapi call).
      fetchMarkets: { types: ['spot'] },
      fetchMargins: false,
      fetchCurrencies: false,
      // loadMarkets asks /api/v3/time once, so signed requests carry Binance's clock, not ours.
      adjustForTimeDifference: true,
      fetchOpenOrders: { warnWithoutSymbol: false },
      warnOnFetchOpenOrdersWithoutSymbol: false,
    },
  });
  // Spot REST lives under /api/v3 for both public and signed endpoints; nothing else is called.
  const urls = exchange.urls as { api: Record<string, string> };
  urls.api = { ...urls.api, public: api, private: api };
  return exchange;
}

/** Binance's `{"code":…,"msg":…}` out of an answer body, when it is one. */
function venueFacts(body: string): VenueErrorFacts {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; msg?: unknown };
    const facts: VenueErrorFacts = {};
    if (typeof parsed.msg === 'string') facts.venueMessage = parsed.msg;
    if (typeof parsed.code === 'number') facts.venueCode = parsed.code;
    return facts;
  } catch {
    return {};
  }
}
