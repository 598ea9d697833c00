// Parameter checks shared by the library strategies: only known names, numbers in range, defaults.
import { InvalidInputError } from '@ats/core';

export class ParameterReader {
  constructor(
    private readonly kind: string,
    private readonly parameters: Readonly<Record<string, number>>,
    known: readonly string[],
  ) {
    for (const name of Object.keys(parameters))
      if (!known.includes(name))
        throw new InvalidInputError(`${kind}.${name}`, `unknown parameter; known: ${known.join(', ')}`);
  }

  /** A whole number in [minimum, maximum]. */
  whole(name: string, fallback: number, minimum = 1, maximum = 10_000): number {
    const value = this.parameters[name] ?? fallback;
    if (!Number.isInteger(value) || value < minimum || value > maximum)
      throw new InvalidInputError(
        `${this.kind}.${name}`,
        `${value} must be a whole number in [${minimum}, ${maximum}]`,
        value,
      );
    return value;
  }

  /** A finite number in [minimum, maximum]. */
  number(name: string, fallback: number, minimum: number, maximum: number): number {
    const value = this.parameters[name] ?? fallback;
    if (!Number.isFinite(value) || value < minimum || value > maximum)
      throw new InvalidInputError(
        `${this.kind}.${name}`,
        `${value} must be a number in [${minimum}, ${maximum}]`,
        value,
      );
    return value;
  }

  /** 0 or 1. */
  flag(name: string, fallback: 0 | 1): boolean {
    const value = this.parameters[name] ?? fallback;
    if (value !== 0 && value !== 1)
      throw new InvalidInputError(`${this.kind}.${name}`, `${value} must be 0 or 1`, value);
    return value === 1;
  }
}
