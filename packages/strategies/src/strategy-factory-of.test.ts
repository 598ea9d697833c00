// Strategy kinds are own properties of the registry: inherited names are not kinds.
import { describe, expect, it } from 'vitest';
import { strategyFactoryOf } from './strategy-registry.js';

describe('strategyFactoryOf', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'knows no kind %s',
    (name) => {
      expect(strategyFactoryOf(name)).toBeUndefined();
    },
  );

  it('finds a registered kind', () => {
    expect(strategyFactoryOf('sma-cross')).toBeTypeOf('function');
  });
});
