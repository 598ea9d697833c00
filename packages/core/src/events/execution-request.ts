// A strategy's request for an execution algorithm, carried on its signal and on the approval: the
// approved quantity is then worked by the algorithm (a parent order with children) instead of one
// order. Plain numbers only, so it travels on the bus as it is; the signal's limit price is the
// parent's limit.
import { InvalidInputError } from '../errors/ats-error.js';

export const executionAlgorithms = ['TWAP', 'VWAP', 'POV', 'IS', 'ICEBERG'] as const;
export type ExecutionAlgorithmName = (typeof executionAlgorithms)[number];

export interface ExecutionRequest {
  readonly algorithm: ExecutionAlgorithmName;
  /** From the approval's time; default 30 minutes (cut at the session's close where the venue knows it). */
  readonly durationMinutes?: number;
  readonly slices?: number;
  readonly randomization?: number;
  readonly lotSize?: number;
  readonly minChildQuantity?: number;
  readonly maxParticipation?: number;
  readonly seed?: number;
  readonly targetRate?: number;
  readonly minRate?: number;
  readonly maxRate?: number;
  readonly displayQuantity?: number;
  readonly displayRandomization?: number;
  readonly volatility?: number;
  readonly riskAversion?: number;
  readonly temporaryImpact?: number;
  readonly permanentImpact?: number;
}

const integerFields = ['durationMinutes', 'slices', 'lotSize', 'minChildQuantity', 'seed', 'displayQuantity'];
const shareFields = [
  'randomization',
  'maxParticipation',
  'targetRate',
  'minRate',
  'maxRate',
  'displayRandomization',
];
const numberFields = ['volatility', 'riskAversion', 'temporaryImpact', 'permanentImpact'];
const knownFields = new Set(['algorithm', ...integerFields, ...shareFields, ...numberFields]);

/**
 * Checks a request's shape (the algorithm's own rules are checked when its parent is made): an unknown
 * algorithm or field, or a value of the wrong kind, is an InvalidInputError naming `execution.FIELD`.
 */
export function checkExecutionRequest(value: unknown): ExecutionRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInputError('execution', 'must be an object such as { algorithm: "TWAP" }');
  const record = value as Record<string, unknown>;
  for (const field of Object.keys(record))
    if (!knownFields.has(field)) throw new InvalidInputError(`execution.${field}`, 'is not a known field');
  if (!executionAlgorithms.includes(record.algorithm as ExecutionAlgorithmName))
    throw new InvalidInputError(
      'execution.algorithm',
      `must be one of ${executionAlgorithms.join(', ')}, got ${String(record.algorithm)}`,
    );
  for (const field of integerFields) {
    const number = record[field];
    if (
      number !== undefined &&
      !(Number.isSafeInteger(number) && (number as number) >= (field === 'seed' ? 0 : 1))
    )
      throw new InvalidInputError(`execution.${field}`, `must be a positive integer, got ${String(number)}`);
  }
  for (const field of shareFields) {
    const number = record[field];
    if (number !== undefined && !(typeof number === 'number' && number >= 0 && number <= 1))
      throw new InvalidInputError(`execution.${field}`, `must be a number in [0, 1], got ${String(number)}`);
  }
  for (const field of numberFields) {
    const number = record[field];
    if (number !== undefined && !(typeof number === 'number' && Number.isFinite(number) && number >= 0))
      throw new InvalidInputError(
        `execution.${field}`,
        `must be a non-negative number, got ${String(number)}`,
      );
  }
  return record as unknown as ExecutionRequest;
}
