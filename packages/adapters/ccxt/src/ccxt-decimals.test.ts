// Tests of the adapter's exact decimal text: whole quantities, free + locked, base-asset commissions.
import { Price } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { addDecimalText, baseCommissionValue, wholeQuantity, wholeUnitsDown } from './ccxt-decimals.js';

describe('ccxt decimals', () => {
  it('reads Binance eight-place text of a whole amount as a whole quantity', () => {
    expect(wholeQuantity('3.00000000', 'qty').value).toBe(3);
    expect(wholeQuantity('12', 'qty').value).toBe(12);
  });

  it('refuses a fractional amount with INVALID_INPUT naming the field', () => {
    expect(() => wholeQuantity('0.50000000', 'trade BTCUSDT:1 qty')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'trade BTCUSDT:1 qty' }),
    );
  });

  it('drops the fraction of a balance when counting whole units', () => {
    expect(wholeUnitsDown('2.99950000', 'BTC balance')).toBe(2);
  });

  it('adds free and locked exactly', () => {
    expect(addDecimalText('0.10000000', '0.2', 'balance')).toBe('0.30000000');
    expect(addDecimalText('1234.56789', '100', 'balance')).toBe('1334.56789');
  });

  it('values a base-asset commission at the trade price, half to even at 1/10,000', () => {
    expect(baseCommissionValue('0.00100000', Price.of('95000'), 'commission').toString()).toBe('95.0000');
    // 0.00000001 × 12345.67 = 0.0001234567 → 0.0001
    expect(baseCommissionValue('0.00000001', Price.of('12345.67'), 'commission').toString()).toBe('0.0001');
    // 0.00000005 × 1000 = 0.00005 → a tie, to the even 0.0000
    expect(baseCommissionValue('0.00000005', Price.of('1000'), 'commission').toString()).toBe('0.0000');
  });
});
