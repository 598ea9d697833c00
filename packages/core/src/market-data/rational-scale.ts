// Exact scaling of a raw price (an integer of 1/10,000) by a rational factor n/d, rounded half to even:
// the arithmetic of adjusting bars for splits and dividends, where factors compound into integers
// far past 2^53.
export interface RationalFactor {
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** n/d as a double (within a few units in the last place), for the fast path of `scaleRaw`. */
  readonly approximate: number;
}

export function rationalFactor(numerator: bigint, denominator: bigint): RationalFactor {
  const n = Number(numerator);
  const d = Number(denominator);
  // Past the range of doubles (an infinite n or d) there is no close approximation: NaN takes the exact path.
  const approximate = Number.isFinite(n) && Number.isFinite(d) && d > 0 ? n / d : Number.NaN;
  return { numerator, denominator, approximate };
}

export function multiplyFactors(a: RationalFactor, b: RationalFactor): RationalFactor {
  return rationalFactor(a.numerator * b.numerator, a.denominator * b.denominator);
}

/**
 * raw · n / d rounded half to even. In doubles when that is provably the exact answer: raw · n/d is
 * computed within a relative error of a few 2^-53 (n, d, their quotient and the product each rounded
 * once), so when no half-integer lies within a far wider margin (2^-45 relative) of it, the exact value
 * rounds to the same integer. Otherwise (near a tie, a huge or negative value, a factor beyond doubles)
 * in exact big integers.
 */
export function scaleRaw(raw: number, factor: RationalFactor): number {
  const approximate = raw * factor.approximate;
  if (raw > 0 && approximate >= 0 && approximate < 2 ** 52) {
    const whole = Math.floor(approximate);
    const fraction = approximate - whole;
    if (Math.abs(fraction - 0.5) > approximate * 2 ** -45 + 2 ** -40)
      return fraction < 0.5 ? whole : whole + 1;
  }
  return exactScaleRaw(raw, factor);
}

/** raw · n / d rounded half to even, in exact big integers. */
export function exactScaleRaw(raw: number, factor: RationalFactor): number {
  const numerator = BigInt(raw) * factor.numerator;
  const denominator = factor.denominator;
  let quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n !== 0n))
    quotient += numerator < 0n ? -1n : 1n;
  return Number(quotient);
}
