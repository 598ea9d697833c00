// Decimal text for the Binance test server: amounts held as whole counts of 1e-8 (Binance shows eight
// places), so the server's balances and order state stay exact without a float in sight.

const places = 8;
const unit = 10n ** BigInt(places);

/** "0.5" → 50000000n; throws on anything that is not plain non-negative decimal text. */
export function toUnits(text: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: '${text}'`);
  const fraction = (match[2] ?? '').padEnd(places, '0');
  if (fraction.length > places && /[1-9]/.test(fraction.slice(places))) {
    throw new Error(`more than ${places} decimal places: '${text}'`);
  }
  return BigInt(match[1] ?? '0') * unit + BigInt(fraction.slice(0, places));
}

/** 50000000n → "0.50000000", as Binance writes amounts. */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / unit;
  const fraction = (magnitude % unit).toString().padStart(places, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** quantity × price in units, truncated past eight places (what the test venue charges). */
export function multiplyUnits(quantity: bigint, price: bigint): bigint {
  return (quantity * price) / unit;
}
