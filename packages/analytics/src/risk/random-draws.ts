// Normal and gamma draws over the core's seeded random source, for Monte Carlo (reproducible by seed).
import type { RandomSource } from '@ats/core';

/** Standard normal draws by the Marsaglia polar method; both values of each pair are used. */
export class NormalDraws {
  private spare = 0;
  private hasSpare = false;

  constructor(private readonly random: RandomSource) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.random.next() - 1;
      v = 2 * this.random.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * factor;
    this.hasSpare = true;
    return u * factor;
  }

  /** Fills `target` with standard normal draws. */
  fill(target: Float64Array): void {
    for (let i = 0; i < target.length; i++) target[i] = this.next();
  }

  /**
   * A Gamma(shape, 1) draw for shape ≥ 1 (Marsaglia and Tsang 2000, "A simple method for generating
   * gamma variables"); a chi-square with ν degrees of freedom is 2 · Gamma(ν/2).
   */
  gamma(shape: number): number {
    if (shape < 1) {
      // Gamma(a) = Gamma(a + 1) · U^(1/a).
      return this.gamma(shape + 1) * this.random.next() ** (1 / shape);
    }
    const dShape = shape - 1 / 3;
    const cShape = 1 / Math.sqrt(9 * dShape);
    for (;;) {
      const x = this.next();
      const base = 1 + cShape * x;
      if (base <= 0) continue;
      const v = base * base * base;
      const u = this.random.next();
      if (u > 0 && Math.log(u) < 0.5 * x * x + dShape - dShape * v + dShape * Math.log(v)) return dShape * v;
    }
  }
}
