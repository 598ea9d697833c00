// Typed identifiers: branded strings so an order id can never be passed where a trade id is expected.

declare const brand: unique symbol;
/** A string carrying a compile-time tag. */
export type Branded<Tag extends string> = string & { readonly [brand]: Tag };

export type OrderId = Branded<'OrderId'>;
export type TradeId = Branded<'TradeId'>;
export type EventId = Branded<'EventId'>;
export type SignalId = Branded<'SignalId'>;
export type RiskAssessmentId = Branded<'RiskAssessmentId'>;
export type StrategyId = Branded<'StrategyId'>;
export type AccountId = Branded<'AccountId'>;
/** A ticker as the spec's VARCHAR(10) symbol columns hold it, e.g. "AAPL" or "BRK.B". */
export type Ticker = Branded<'Ticker'>;

const symbolPattern = /^[A-Z][A-Z0-9.\-/]{0,9}$/;

/** Validates and brands a ticker symbol (upper case, at most 10 characters). */
export function toSymbol(value: string): Ticker {
  if (!symbolPattern.test(value))
    throw new RangeError(`symbol '${value}' must be 1-10 upper-case characters`);
  return value as Ticker;
}

export function isSymbol(value: string): value is Ticker {
  return symbolPattern.test(value);
}

export const toStrategyId = (value: string): StrategyId => {
  if (value.length === 0 || value.length > 50)
    throw new RangeError(`strategy id '${value}' must be 1-50 characters`);
  return value as StrategyId;
};

export const toAccountId = (value: string): AccountId => {
  if (value.length === 0 || value.length > 50)
    throw new RangeError(`account id '${value}' must be 1-50 characters`);
  return value as AccountId;
};
