// The settings of the ccxt adapter that come from outside: the venue's base URL and the API key pair,
// read from BROKER_API_KEY and BROKER_API_SECRET like every other broker adapter.
import { AtsError } from '@ats/core';

export interface CcxtCredentials {
  readonly apiKey: string;
  readonly secret: string;
}

/** Binance spot's production REST host; ccxt appends /api/v3. */
export const binanceSpotUrl = 'https://api.binance.com';

/** The key pair from the environment; CONFIG_INVALID naming the missing variable (never its value). */
export function ccxtCredentialsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): CcxtCredentials {
  const apiKey = environment.BROKER_API_KEY;
  const secret = environment.BROKER_API_SECRET;
  for (const [name, value] of [
    ['BROKER_API_KEY', apiKey],
    ['BROKER_API_SECRET', secret],
  ] as const) {
    if (value === undefined || value.trim() === '') {
      throw new AtsError('CONFIG_INVALID', `${name} must be set to trade on a ccxt venue`, {
        details: { variable: name },
      });
    }
  }
  return { apiKey: apiKey as string, secret: secret as string };
}
