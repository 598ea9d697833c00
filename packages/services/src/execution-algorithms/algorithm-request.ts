// An algorithm order as the API takes it, and how it becomes a parent's parameters: defaults, the
// session's hours (early closes included) and the VWAP profile from stored history.
import { InvalidInputError, type Repositories, type Ticker, toSymbol } from '@ats/core';
import type { AlgorithmKind, AlgorithmParameters } from '@ats/engine';
import { sessionHoursOf, storedVolumeProfile } from './stored-volume-profile.js';

export interface AlgorithmRequest {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  readonly algorithm: AlgorithmKind;
  readonly strategyId?: string;
  readonly startAt?: string;
  readonly endAt?: string;
  readonly durationMinutes?: number;
  readonly limitPrice?: string;
  readonly lotSize?: number;
  readonly minChildQuantity?: number;
  readonly maxParticipation?: number;
  readonly seed?: number;
  readonly slices?: number;
  readonly randomization?: number;
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

const share = { type: 'number', minimum: 0, maximum: 1 } as const;
const positive = { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 } as const;

export const algorithmRequestSchema = {
  type: 'object',
  properties: {
    symbol: { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' },
    side: { type: 'string', enum: ['BUY', 'SELL'] },
    quantity: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    algorithm: { type: 'string', enum: ['TWAP', 'VWAP', 'POV', 'IS', 'ICEBERG'] },
    strategyId: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,49}$' },
    startAt: { type: 'string', format: 'date-time' },
    endAt: { type: 'string', format: 'date-time' },
    durationMinutes: { type: 'integer', minimum: 1, maximum: 1_440 },
    limitPrice: { type: 'string', pattern: '^[0-9]{1,8}(\\.[0-9]{1,4})?$' },
    lotSize: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    minChildQuantity: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    maxParticipation: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    seed: { type: 'integer', minimum: 0, maximum: 2_147_483_647 },
    slices: { type: 'integer', minimum: 1, maximum: 10_000 },
    randomization: share,
    targetRate: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    minRate: share,
    maxRate: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    displayQuantity: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    displayRandomization: share,
    volatility: positive,
    riskAversion: { type: 'number', minimum: 0, maximum: 1_000_000 },
    temporaryImpact: positive,
    permanentImpact: { type: 'number', minimum: 0, maximum: 1_000_000 },
  },
  required: ['symbol', 'side', 'quantity', 'algorithm'],
  additionalProperties: false,
} as const;

/** The parameters of a request at market time `now`; refuses times outside the session by field. */
export async function parametersOfRequest(
  request: AlgorithmRequest,
  now: number,
  repositories: Repositories,
): Promise<{ symbol: Ticker; parameters: AlgorithmParameters }> {
  const symbol = toSymbol(request.symbol);
  const startAt = request.startAt ? Date.parse(request.startAt) : now;
  const session = sessionHoursOf(startAt);
  if (!session)
    throw new InvalidInputError(
      'body.startAt',
      `${new Date(startAt).toISOString()} is not in an NYSE session day`,
    );
  if (startAt < session.open || startAt >= session.close)
    throw new InvalidInputError(
      'body.startAt',
      `${new Date(startAt).toISOString()} is outside the session ${new Date(session.open).toISOString()}..${new Date(session.close).toISOString()}`,
    );
  const endAt = request.endAt
    ? Date.parse(request.endAt)
    : Math.min(session.close, startAt + (request.durationMinutes ?? 30) * 60_000);
  if (endAt <= startAt) throw new InvalidInputError('body.endAt', 'must be after startAt');
  if (endAt > session.close)
    throw new InvalidInputError(
      'body.endAt',
      `the session closes at ${new Date(session.close).toISOString()}${session.close - session.open < 6.5 * 3_600_000 ? ' (an early close)' : ''}`,
    );
  const common = {
    startAt,
    endAt,
    limitPrice: request.limitPrice === undefined ? null : Number(request.limitPrice),
    lotSize: request.lotSize ?? 1,
    minChildQuantity: request.minChildQuantity ?? request.lotSize ?? 1,
    maxParticipation: request.maxParticipation ?? null,
    seed: request.seed ?? startAt % 2_147_483_647,
  };
  switch (request.algorithm) {
    case 'TWAP':
      return {
        symbol,
        parameters: {
          kind: 'TWAP',
          ...common,
          slices: request.slices ?? 10,
          randomization: request.randomization ?? 0.5,
        },
      };
    case 'VWAP': {
      const profile = await storedVolumeProfile(repositories, symbol, startAt);
      return {
        symbol,
        parameters: {
          kind: 'VWAP',
          ...common,
          profile: profile.shares,
          sessionOpen: session.open,
          profileSource: profile.source,
        },
      };
    }
    case 'POV':
      return {
        symbol,
        parameters: {
          kind: 'POV',
          ...common,
          targetRate: request.targetRate ?? 0.1,
          minRate: request.minRate ?? 0,
          maxRate: request.maxRate ?? Math.min(1, (request.targetRate ?? 0.1) * 1.5),
        },
      };
    case 'IS':
      return {
        symbol,
        parameters: {
          kind: 'IS',
          ...common,
          slices: request.slices ?? 10,
          volatility: request.volatility ?? 1,
          riskAversion: request.riskAversion ?? 1e-6,
          temporaryImpact: request.temporaryImpact ?? 1e-5,
          permanentImpact: request.permanentImpact ?? 0,
        },
      };
    case 'ICEBERG':
      if (request.limitPrice === undefined)
        throw new InvalidInputError('body.limitPrice', 'an iceberg needs a limit price');
      return {
        symbol,
        parameters: {
          kind: 'ICEBERG',
          ...common,
          displayQuantity:
            request.displayQuantity ?? Math.max(common.lotSize, Math.floor(request.quantity / 10)),
          displayRandomization: request.displayRandomization ?? 0,
        },
      };
  }
}
