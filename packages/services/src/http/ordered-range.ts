// Checks of date ranges given by a caller: both ends real, the start not after the end.
import { InvalidInputError } from '@ats/core';

/** Epoch ms of an ISO instant or date the schema already accepted; refuses one Date cannot hold. */
export function instantOf(field: string, text: string): number {
  const instant = Date.parse(text);
  if (!Number.isFinite(instant)) throw new InvalidInputError(field, `'${text}' is not a real instant`, text);
  return instant;
}

/** Refuses a range whose start is after its end, naming both fields. */
export function requireOrdered(
  fromField: string,
  from: number | string,
  toField: string,
  to: number | string,
): void {
  if (from > to)
    throw new InvalidInputError(fromField, `${String(from)} is after ${toField} (${String(to)})`, from);
}
