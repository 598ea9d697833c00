// Instruments: what can be traded, with the tick size, lot size, currency and sector risk rules need.
import { InvalidInputError } from '../errors/ats-error.js';
import { type Ticker, toSymbol } from '../identifiers/identifiers.js';
import { Price } from '../values/price.js';
import { Quantity } from '../values/quantity.js';

/** A listed equity (the only asset class so far; the kind field leaves room for more). */
export interface Equity {
  readonly kind: 'equity';
  readonly symbol: Ticker;
  /** The smallest price step, e.g. 0.01 for US equities above $1. */
  readonly tickSize: Price;
  /** The order size step, usually 1 share. */
  readonly lotSize: Quantity;
  readonly currency: string;
  readonly sector: string;
  readonly exchange: string;
}

export type Instrument = Equity;

export interface EquityDefinition {
  symbol: string;
  tickSize?: string | number;
  lotSize?: number;
  currency?: string;
  sector?: string;
  exchange?: string;
}

/** Builds an equity from a plain definition (config or API), validating each field by name. */
export function defineEquity(definition: EquityDefinition): Equity {
  let symbol: Ticker;
  try {
    symbol = toSymbol(definition.symbol);
  } catch (error) {
    throw new InvalidInputError('symbol', (error as Error).message, definition.symbol);
  }
  const tickSize = Price.of(definition.tickSize ?? '0.01', `${symbol}.tickSize`);
  if (!tickSize.isPositive())
    throw new InvalidInputError(`${symbol}.tickSize`, 'must be positive', definition.tickSize);
  const lotSize = Quantity.parse(definition.lotSize ?? 1, `${symbol}.lotSize`);
  if (lotSize.isZero())
    throw new InvalidInputError(`${symbol}.lotSize`, 'must be at least 1', definition.lotSize);
  return {
    kind: 'equity',
    symbol,
    tickSize,
    lotSize,
    currency: definition.currency ?? 'USD',
    sector: definition.sector ?? 'Unclassified',
    exchange: definition.exchange ?? 'XNYS',
  };
}
