// The parameters of each execution algorithm, and their validation: bad input names its field.
import { InvalidInputError } from '@ats/core';

export const algorithmKinds = ['TWAP', 'VWAP', 'POV', 'IS', 'ICEBERG'] as const;
export type AlgorithmKind = (typeof algorithmKinds)[number];

/** What every algorithm takes. Times are epoch milliseconds inside one session. */
export interface CommonParameters {
  readonly startAt: number;
  readonly endAt: number;
  /** Children never trade through it (a buy pays at most, a sell gets at least); null: market children. */
  readonly limitPrice: number | null;
  /** Children are a multiple of this (shares); the last child may be the odd remainder. */
  readonly lotSize: number;
  /** No child below this, unless it completes the parent. */
  readonly minChildQuantity: number;
  /** The parent's filled-or-working quantity stays under this share of the market volume seen (0..1]; null: none. */
  readonly maxParticipation: number | null;
  /** Seeds the randomized timing and shown sizes, so a restart recomputes the same schedule. */
  readonly seed: number;
}

export interface TwapParameters extends CommonParameters {
  readonly kind: 'TWAP';
  /** Number of equal slices over [startAt, endAt). */
  readonly slices: number;
  /** Each slice's child goes at a random moment in the first `randomization` share of its slice (0..1). */
  readonly randomization: number;
}

export interface VwapParameters extends CommonParameters {
  readonly kind: 'VWAP';
  /** Share of the session's volume traded in each minute of the session, summing to 1 (from history). */
  readonly profile: readonly number[];
  /** The session's open (minute 0 of the profile). */
  readonly sessionOpen: number;
  /** Where the profile came from (e.g. "SPY, 20 sessions of stored 1-minute bars"). */
  readonly profileSource: string;
}

export interface PovParameters extends CommonParameters {
  readonly kind: 'POV';
  /** The target share of the market volume seen since the start. */
  readonly targetRate: number;
  /** The band: at least `minRate` of the volume seen (catch-up), never more than `maxRate`. */
  readonly minRate: number;
  readonly maxRate: number;
}

export interface ImplementationShortfallParameters extends CommonParameters {
  readonly kind: 'IS';
  /** Number of trading intervals N over [startAt, endAt). */
  readonly slices: number;
  /** Daily volatility of the price, in price units per share per sqrt(day). */
  readonly volatility: number;
  /** Risk aversion λ (urgency); larger trades earlier. */
  readonly riskAversion: number;
  /** Temporary impact η: price concession per (share per day) traded. */
  readonly temporaryImpact: number;
  /** Permanent impact γ: price move per share traded. */
  readonly permanentImpact: number;
}

export interface IcebergParameters extends CommonParameters {
  readonly kind: 'ICEBERG';
  /** The quantity shown at once. */
  readonly displayQuantity: number;
  /** The shown size is drawn in [display × (1 − r), display], rounded to lots (0: always the display). */
  readonly displayRandomization: number;
}

export type AlgorithmParameters =
  | TwapParameters
  | VwapParameters
  | PovParameters
  | ImplementationShortfallParameters
  | IcebergParameters;

function refuse(field: string, problem: string): never {
  throw new InvalidInputError(field, problem);
}

function positiveInteger(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) refuse(field, `must be a positive integer, got ${value}`);
}

function share(value: number, field: string, allowZero = false): void {
  if (!Number.isFinite(value) || value > 1 || value < 0 || (!allowZero && value === 0))
    refuse(field, `must be a number in ${allowZero ? '[0, 1]' : '(0, 1]'}, got ${value}`);
}

function positiveFinite(value: number, field: string, allowZero = false): void {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    refuse(field, `must be a ${allowZero ? 'non-negative' : 'positive'} finite number, got ${value}`);
}

/** Throws an InvalidInputError naming the first bad field (a 400 on the API). */
export function validateAlgorithmParameters(parameters: AlgorithmParameters, quantity: number): void {
  positiveInteger(quantity, 'quantity');
  if (!Number.isSafeInteger(parameters.startAt)) refuse('startAt', 'must be an epoch millisecond');
  if (!Number.isSafeInteger(parameters.endAt) || parameters.endAt <= parameters.startAt)
    refuse('endAt', 'must be after startAt');
  if (parameters.limitPrice !== null) positiveFinite(parameters.limitPrice, 'limitPrice');
  positiveInteger(parameters.lotSize, 'lotSize');
  positiveInteger(parameters.minChildQuantity, 'minChildQuantity');
  if (parameters.maxParticipation !== null) share(parameters.maxParticipation, 'maxParticipation');
  if (!Number.isSafeInteger(parameters.seed)) refuse('seed', 'must be an integer');
  switch (parameters.kind) {
    case 'TWAP':
      positiveInteger(parameters.slices, 'slices');
      if (parameters.slices > 100_000) refuse('slices', 'at most 100000');
      share(parameters.randomization, 'randomization', true);
      return;
    case 'VWAP': {
      if (parameters.profile.length === 0) refuse('profile', 'is empty');
      let sum = 0;
      for (const [minute, weight] of parameters.profile.entries()) {
        if (!Number.isFinite(weight) || weight < 0)
          refuse(`profile[${minute}]`, `must be >= 0, got ${weight}`);
        sum += weight;
      }
      if (Math.abs(sum - 1) > 1e-6) refuse('profile', `must sum to 1, sums to ${sum}`);
      if (!Number.isSafeInteger(parameters.sessionOpen))
        refuse('sessionOpen', 'must be an epoch millisecond');
      return;
    }
    case 'POV':
      share(parameters.targetRate, 'targetRate');
      share(parameters.minRate, 'minRate', true);
      share(parameters.maxRate, 'maxRate');
      if (parameters.minRate > parameters.targetRate || parameters.targetRate > parameters.maxRate)
        refuse('targetRate', 'must lie in [minRate, maxRate]');
      return;
    case 'IS':
      positiveInteger(parameters.slices, 'slices');
      positiveFinite(parameters.volatility, 'volatility');
      positiveFinite(parameters.riskAversion, 'riskAversion', true);
      positiveFinite(parameters.temporaryImpact, 'temporaryImpact');
      positiveFinite(parameters.permanentImpact, 'permanentImpact', true);
      {
        // The model's own bounds (docs/execution-algorithms.md): η̃ = η − ½γτ > 0, and κT small enough
        // for sinh to stay finite. τ and T in sessions of 6.5 hours.
        const tau = (parameters.endAt - parameters.startAt) / parameters.slices / 23_400_000;
        const etaTilde = parameters.temporaryImpact - 0.5 * parameters.permanentImpact * tau;
        if (!(etaTilde > 0))
          refuse('permanentImpact', `makes η̃ = η − γτ/2 = ${etaTilde}, which must stay positive`);
        const kappaTildeSquared = (parameters.riskAversion * parameters.volatility ** 2) / etaTilde;
        const kappa = Math.acosh(1 + (kappaTildeSquared * tau * tau) / 2) / tau;
        if (!(kappa * tau * parameters.slices <= 700))
          refuse(
            'riskAversion',
            `gives κT = ${kappa * tau * parameters.slices}, beyond what the trajectory can be computed for (700)`,
          );
      }
      return;
    case 'ICEBERG':
      positiveInteger(parameters.displayQuantity, 'displayQuantity');
      share(parameters.displayRandomization, 'displayRandomization', true);
      if (parameters.limitPrice === null) refuse('limitPrice', 'an iceberg rests at a limit price');
      return;
  }
}
