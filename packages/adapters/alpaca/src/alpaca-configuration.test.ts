// Tests of the Alpaca configuration: credentials only from the environment, endpoints by mode.
import { describe, expect, it } from 'vitest';
import { alpacaCredentialsFromEnvironment, alpacaEndpointsFor } from './alpaca-configuration.js';

describe('Alpaca configuration', () => {
  it('reads the key id and secret from BROKER_API_KEY and BROKER_API_SECRET', () => {
    expect(alpacaCredentialsFromEnvironment({ BROKER_API_KEY: 'PK1', BROKER_API_SECRET: 's3cret' })).toEqual({
      keyId: 'PK1',
      secret: 's3cret',
    });
  });

  it('names a missing variable and never shows a value', () => {
    expect(() => alpacaCredentialsFromEnvironment({ BROKER_API_KEY: 'PK1' })).toThrow(
      /BROKER_API_SECRET must be set/,
    );
    try {
      alpacaCredentialsFromEnvironment({ BROKER_API_KEY: '', BROKER_API_SECRET: 'visible-secret' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
      expect(String(error)).not.toContain('visible-secret');
    }
  });

  it('chooses the paper or the live endpoints, or explicit ones', () => {
    expect(alpacaEndpointsFor('paper').restUrl).toBe('https://paper-api.alpaca.markets');
    expect(alpacaEndpointsFor('live').streamUrl).toBe('wss://api.alpaca.markets/stream');
    expect(alpacaEndpointsFor('live', { restUrl: 'http://127.0.0.1:9/' }).restUrl).toBe('http://127.0.0.1:9');
  });
});
