// The FIX 4.4 codes of side (54), order type (40) and time in force (59), both ways.
import type { OrderSide, OrderType, TimeInForce } from '@ats/core';

export const sideCodes: Readonly<Record<OrderSide, string>> = { BUY: '1', SELL: '2' };

/** Trailing stops have no FIX 4.4 order type of their own (they need PegInstructions); none is sent. */
export const orderTypeCodes: Readonly<Record<Exclude<OrderType, 'TRAILING_STOP'>, string>> = {
  MARKET: '1',
  LIMIT: '2',
  STOP: '3',
  STOP_LIMIT: '4',
};

export const timeInForceCodes: Readonly<Record<TimeInForce, string>> = {
  DAY: '0',
  GTC: '1',
  OPG: '2',
  IOC: '3',
  FOK: '4',
  CLS: '7',
};

function reverse<Key extends string>(table: Readonly<Record<Key, string>>): ReadonlyMap<string, Key> {
  return new Map(Object.entries(table).map(([key, code]) => [code as string, key as Key]));
}

const sides = reverse(sideCodes);
const orderTypes = reverse(orderTypeCodes);
const timesInForce = reverse(timeInForceCodes);

/** Side from a FIX code; sell short (5, 6) counts as a sell. Null for a code we do not trade. */
export function sideFromCode(code: string | null): OrderSide | null {
  if (code === '5' || code === '6') return 'SELL';
  return code === null ? null : (sides.get(code) ?? null);
}

export function orderTypeFromCode(code: string | null): OrderType | null {
  return code === null ? null : (orderTypes.get(code) ?? null);
}

/** Time in force from a FIX code; absent means DAY (the FIX 4.4 default). */
export function timeInForceFromCode(code: string | null): TimeInForce | null {
  return code === null ? 'DAY' : (timesInForce.get(code) ?? null);
}
