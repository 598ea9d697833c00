// The platform's error types: AtsError (with a catalogued code) and InvariantError for broken invariants.
import { type ErrorCode, errorCatalogue } from './error-codes.js';

/** An error with a catalogued code, whether retrying may help, and its cause. */
export class AtsError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Extra facts a caller or a log can use (field names, values). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AtsError';
    this.code = code;
    this.retryable = errorCatalogue[code].retryable;
    this.details = options.details ?? {};
  }
}

/** Thrown at once when a programming invariant breaks; never caught to continue. */
export class InvariantError extends AtsError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVARIANT_VIOLATED', message, { details });
    this.name = 'InvariantError';
  }
}

/** Bad input from outside: names the field, the value and what is allowed. */
export class InvalidInputError extends AtsError {
  readonly field: string;
  constructor(field: string, message: string, value?: unknown) {
    super('INVALID_INPUT', `${field}: ${message}`, { details: { field, value } });
    this.name = 'InvalidInputError';
    this.field = field;
  }
}

/** Throws an InvariantError when the condition is false. */
export function invariant(
  condition: boolean,
  message: string,
  details?: Record<string, unknown>,
): asserts condition {
  if (!condition) throw new InvariantError(message, details);
}
