// Tests of the ccxt adapter's settings from the environment.
import { describe, expect, it } from 'vitest';
import { ccxtCredentialsFromEnvironment } from './ccxt-configuration.js';

describe('ccxtCredentialsFromEnvironment', () => {
  it('reads the key pair from BROKER_API_KEY and BROKER_API_SECRET', () => {
    expect(ccxtCredentialsFromEnvironment({ BROKER_API_KEY: 'key', BROKER_API_SECRET: 'secret' })).toEqual({
      apiKey: 'key',
      secret: 'secret',
    });
  });

  it('names the missing variable with CONFIG_INVALID, never a value', () => {
    expect(() => ccxtCredentialsFromEnvironment({ BROKER_API_KEY: 'key-value' })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('BROKER_API_SECRET'),
      }),
    );
  });
});
