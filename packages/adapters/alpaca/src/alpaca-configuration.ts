// Where and as whom the Alpaca adapter connects: paper or live endpoints, credentials from the environment.
import { AtsError } from '@ats/core';

export type AlpacaMode = 'paper' | 'live';

export interface AlpacaEndpoints {
  /** Base of the Trading API v2 REST calls, without a trailing slash. */
  readonly restUrl: string;
  /** The trade_updates WebSocket. */
  readonly streamUrl: string;
}

export interface AlpacaCredentials {
  readonly keyId: string;
  /** Never logged; sent only in Alpaca's authentication headers and stream message. */
  readonly secret: string;
}

/** Alpaca's documented hosts. */
export const alpacaEndpoints: Readonly<Record<AlpacaMode, AlpacaEndpoints>> = {
  paper: {
    restUrl: 'https://paper-api.alpaca.markets',
    streamUrl: 'wss://paper-api.alpaca.markets/stream',
  },
  live: {
    restUrl: 'https://api.alpaca.markets',
    streamUrl: 'wss://api.alpaca.markets/stream',
  },
};

/** The environment variables the credentials come from. */
export const alpacaEnvironmentKeys = {
  keyId: 'BROKER_API_KEY',
  secret: 'BROKER_API_SECRET',
} as const;

/**
 * Reads the key id and secret from the environment; a missing one stops the start with an error that
 * names the variable (never its value).
 */
export function alpacaCredentialsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): AlpacaCredentials {
  const keyId = environment[alpacaEnvironmentKeys.keyId];
  const secret = environment[alpacaEnvironmentKeys.secret];
  for (const [name, value] of [
    [alpacaEnvironmentKeys.keyId, keyId],
    [alpacaEnvironmentKeys.secret, secret],
  ] as const) {
    if (value === undefined || value.trim() === '') {
      throw new AtsError('CONFIG_INVALID', `${name} must be set to use the Alpaca broker`, {
        details: { variable: name },
      });
    }
  }
  return { keyId: (keyId ?? '').trim(), secret: (secret ?? '').trim() };
}

/** Endpoints for a mode, or explicit URLs (a loopback test server) when given. */
export function alpacaEndpointsFor(
  mode: AlpacaMode,
  overrides: { restUrl?: string; streamUrl?: string } = {},
): AlpacaEndpoints {
  const base = alpacaEndpoints[mode];
  return {
    restUrl: (overrides.restUrl ?? base.restUrl).replace(/\/+$/, ''),
    streamUrl: overrides.streamUrl ?? base.streamUrl,
  };
}
