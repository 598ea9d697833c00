// Probability functions the risk models need: the normal quantile and density, the chi-square
// distribution (for VaR backtests) through the regularized incomplete gamma function.

/** Standard normal density φ(x). */
export function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

// Coefficients of P. J. Acklam's rational approximation of the normal quantile (relative error < 1.15e-9).
const a = [
  -39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const c = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam's algorithm). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: probability must be in (0, 1), got ${p}`);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = g[0]!;
  for (let i = 1; i < 9; i++) sum += g[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * The regularized lower incomplete gamma function P(s, x): its power series below x < s + 1, and
 * 1 - Q(s, x) by the Lentz continued fraction above (as in Numerical Recipes, ch. 6.2).
 */
export function regularizedGammaP(s: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + s * Math.log(x) - logGamma(s));
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let n = 1; n < 500; n++) {
      term *= x / (s + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * front;
  }
  const tiny = 1e-300;
  let bValue = x + 1 - s;
  let cValue = 1 / tiny;
  let dValue = 1 / bValue;
  let h = dValue;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - s);
    bValue += 2;
    dValue = an * dValue + bValue;
    if (Math.abs(dValue) < tiny) dValue = tiny;
    cValue = bValue + an / cValue;
    if (Math.abs(cValue) < tiny) cValue = tiny;
    dValue = 1 / dValue;
    const delta = dValue * cValue;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

/** P(X > x) for X chi-square with `degrees` degrees of freedom: the p-value of a likelihood-ratio statistic. */
export function chiSquarePValue(statistic: number, degrees: number): number {
  if (!(degrees > 0)) throw new RangeError(`chiSquarePValue: degrees must be positive, got ${degrees}`);
  if (Number.isNaN(statistic)) throw new RangeError('chiSquarePValue: statistic is NaN');
  if (statistic <= 0) return 1;
  return Math.max(0, 1 - regularizedGammaP(degrees / 2, statistic / 2));
}
