// JSON-schema pieces every route shares: bounded ids, real calendar dates, instants, and the inherited names they refuse.

/** Names every object inherits (`constructor`, `__proto__`, `toString`...): never an id, a kind or a key. */
export const inheritedNames: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** An id or kind made of letters, digits, dot, dash and underscore, never an inherited name. */
export function identifierSchema(maxLength = 100) {
  return {
    type: 'string',
    pattern: `^[A-Za-z0-9._-]{1,${maxLength}}$`,
    not: { enum: inheritedNames },
  } as const;
}

/** A real calendar date, YYYY-MM-DD: `2010-13-45` and `2023-02-29` are refused by the `date` format. */
export const calendarDateSchema = { type: 'string', format: 'date', maxLength: 10 } as const;

/** An ISO 8601 instant with its offset (`2026-01-02T15:00:00Z`), refused when impossible. */
export const instantSchema = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/** A page size: a whole number from 1 to `maximum`. */
export function limitSchema(maximum: number, fallback: number) {
  return { type: 'integer', minimum: 1, maximum, default: fallback } as const;
}

/** A ticker as the platform writes it. */
export const symbolSchema = { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' } as const;
