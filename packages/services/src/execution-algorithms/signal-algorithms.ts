// Approvals whose signal asked for an execution algorithm (`execution`) become parent orders in the
// Trade Executor: parameters from the request with the NYSE session's close (early closes included) and,
// for VWAP, the symbol's stored volume profile. A request that cannot work is reported, not retried;
// one that could not be stored (the database unavailable) fails, so its approval comes again.
import type { Repositories, SignalApproved } from '@ats/core';
import { type AlgorithmEngine, parametersOfExecutionRequest, parentSpecOfApproval } from '@ats/engine';
import { sessionHoursOf, storedVolumeProfile } from './stored-volume-profile.js';

export function signalAlgorithmHandler(options: {
  readonly algorithms: AlgorithmEngine;
  readonly repositories: Repositories;
  readonly now: () => number;
  readonly onRefused: (approval: SignalApproved, error: unknown) => void;
}): (approval: SignalApproved) => Promise<void> {
  return async (approval) => {
    const execution = approval.execution;
    if (!execution) return;
    try {
      const startAt = options.now();
      const session = sessionHoursOf(startAt);
      const profile =
        execution.algorithm === 'VWAP'
          ? await storedVolumeProfile(options.repositories, approval.symbol, startAt)
          : null;
      const parameters = parametersOfExecutionRequest(execution, {
        startAt,
        quantity: approval.quantity.value,
        limitPrice: approval.limitPrice ? approval.limitPrice.toNumber() : null,
        sessionClose: session && startAt < session.close ? session.close : null,
        volumeProfile:
          profile && session
            ? { shares: profile.shares, sessionOpen: session.open, source: profile.source }
            : null,
      });
      await options.algorithms.submit(parentSpecOfApproval(approval, parameters));
    } catch (error) {
      // The database unavailable is not a refusal: the approval stays unacknowledged and is placed
      // again once the parent can be stored (the parent's id derives from the approval).
      if ((error as { retryable?: unknown }).retryable === true) throw error;
      options.onRefused(approval, error);
    }
  };
}
