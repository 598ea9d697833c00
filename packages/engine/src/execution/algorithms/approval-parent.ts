// A strategy's approved signal that asks for an execution algorithm, as a parent order: its parameters
// from the request (the same defaults as the Trade Executor's API), its id derived from the approval
// (a redelivered approval is the same parent), and the signal and assessment it came from.
import { deriveUuid, type ExecutionRequest, InvalidInputError, type SignalApproved } from '@ats/core';
import type { AlgorithmParameters } from './algorithm-parameters.js';
import type { ParentOrderSpec } from './parent-order.js';

/** What the request does not say: when it starts, and what the venue knows of the session. */
export interface ApprovalContext {
  readonly startAt: number;
  readonly quantity: number;
  readonly limitPrice: number | null;
  /** The session's close: the parent ends by then. Null: no session known (a 24-hour market). */
  readonly sessionClose: number | null;
  /** VWAP's profile of the symbol's session volume (null where no history is kept). */
  readonly volumeProfile: {
    readonly shares: readonly number[];
    readonly sessionOpen: number;
    readonly source: string;
  } | null;
}

export function parentIdOfApproval(approval: SignalApproved): string {
  return deriveUuid('signal-parent', approval.accountId, approval.assessmentId);
}

/** The algorithm's parameters; InvalidInputError names `execution.FIELD` when the request cannot work. */
export function parametersOfExecutionRequest(
  request: ExecutionRequest,
  context: ApprovalContext,
): AlgorithmParameters {
  const { startAt } = context;
  const wanted = startAt + (request.durationMinutes ?? 30) * 60_000;
  const endAt = context.sessionClose === null ? wanted : Math.min(context.sessionClose, wanted);
  if (endAt <= startAt)
    throw new InvalidInputError(
      'execution.durationMinutes',
      'the session has closed: nothing left to work in',
    );
  const lotSize = request.lotSize ?? 1;
  const common = {
    startAt,
    endAt,
    limitPrice: context.limitPrice,
    lotSize,
    minChildQuantity: request.minChildQuantity ?? lotSize,
    maxParticipation: request.maxParticipation ?? null,
    seed: request.seed ?? startAt % 2_147_483_647,
  };
  switch (request.algorithm) {
    case 'TWAP':
      return {
        kind: 'TWAP',
        ...common,
        slices: request.slices ?? 10,
        randomization: request.randomization ?? 0.5,
      };
    case 'VWAP': {
      const profile = context.volumeProfile;
      if (!profile)
        throw new InvalidInputError(
          'execution.algorithm',
          "VWAP needs the symbol's stored intraday volume profile, not kept here",
        );
      return {
        kind: 'VWAP',
        ...common,
        profile: profile.shares,
        sessionOpen: profile.sessionOpen,
        profileSource: profile.source,
      };
    }
    case 'POV': {
      const targetRate = request.targetRate ?? 0.1;
      return {
        kind: 'POV',
        ...common,
        targetRate,
        minRate: request.minRate ?? 0,
        maxRate: request.maxRate ?? Math.min(1, targetRate * 1.5),
      };
    }
    case 'IS':
      return {
        kind: 'IS',
        ...common,
        slices: request.slices ?? 10,
        volatility: request.volatility ?? 1,
        riskAversion: request.riskAversion ?? 1e-6,
        temporaryImpact: request.temporaryImpact ?? 1e-5,
        permanentImpact: request.permanentImpact ?? 0,
      };
    case 'ICEBERG':
      if (context.limitPrice === null)
        throw new InvalidInputError(
          'execution.algorithm',
          'an iceberg rests at a limit: the signal needs a limit price',
        );
      return {
        kind: 'ICEBERG',
        ...common,
        displayQuantity: request.displayQuantity ?? Math.max(lotSize, Math.floor(context.quantity / 10)),
        displayRandomization: request.displayRandomization ?? 0,
      };
  }
}

/** The parent an approval with an execution request becomes. */
export function parentSpecOfApproval(
  approval: SignalApproved,
  parameters: AlgorithmParameters,
): Omit<ParentOrderSpec, 'arrival' | 'createdAt'> {
  return {
    id: parentIdOfApproval(approval),
    accountId: approval.accountId,
    strategyId: approval.strategyId,
    symbol: approval.symbol,
    side: approval.side,
    quantity: approval.quantity.value,
    parameters,
    signalId: approval.signalId,
    riskAssessmentId: approval.assessmentId,
  };
}
