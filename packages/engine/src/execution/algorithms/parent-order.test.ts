// The parent's state machine and the child sizing rules: lots, minimum size, the remainder, caps.
import { InvalidInputError, InvariantError } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { algorithmOf } from './algorithm-of.js';
import type { AlgorithmParameters } from './algorithm-parameters.js';
import { validateAlgorithmParameters } from './algorithm-parameters.js';
import { childQuantity } from './child-decision.js';
import { ParentOrder } from './parent-order.js';

const twap: AlgorithmParameters = {
  kind: 'TWAP',
  startAt: 0,
  endAt: 10_000,
  limitPrice: null,
  lotSize: 100,
  minChildQuantity: 200,
  maxParticipation: null,
  seed: 1,
  slices: 10,
  randomization: 0,
};

function parentOf(parameters: AlgorithmParameters, quantity: number): ParentOrder {
  return new ParentOrder({
    id: 'p',
    accountId: 'a',
    strategyId: 's',
    symbol: 'SPY',
    side: 'BUY',
    quantity,
    parameters,
    createdAt: 0,
    arrival: null,
  });
}

describe('parent orders', () => {
  it('moves working ⇄ paused, to completed only when filled, and refuses anything else', () => {
    const parent = parentOf(twap, 1_000);
    parent.transition('paused', 'test');
    parent.transition('working', 'test');
    expect(() => parent.transition('completed', 'test')).toThrow(InvariantError);
    parent.addChild(1, 'c1', 1_000);
    parent.updateChild('c1', 1_000, true);
    parent.transition('completed', 'filled');
    expect(() => parent.transition('working', 'again')).toThrow(InvariantError);
  });

  it('sizes children in whole lots above the minimum, sends an odd remainder last, and waits when paused', () => {
    const parent = parentOf(twap, 1_050);
    const algorithm = algorithmOf(twap, 1_050);
    expect(childQuantity(parent, algorithm, 0, 0)).toBe(0); // one slice is 105 shares: 100 < minimum 200
    expect(childQuantity(parent, algorithm, 1_000, 0)).toBe(200);
    parent.addChild(1, 'c1', 200);
    expect(childQuantity(parent, algorithm, 1_000, 0)).toBe(0); // working counts as committed
    parent.updateChild('c1', 200, true);
    expect(childQuantity(parent, algorithm, 9_999, 0)).toBe(850); // catch-up: the rest, odd lot included
    parent.transition('paused', 'test');
    expect(childQuantity(parent, algorithm, 9_999, 0)).toBe(0);
  });

  it('keeps filled and working under maxParticipation of the volume seen', () => {
    const capped = { ...twap, maxParticipation: 0.1, minChildQuantity: 100 };
    const parent = parentOf(capped, 10_000);
    expect(childQuantity(parent, algorithmOf(capped, 10_000), 9_999, 5_000)).toBe(500);
  });

  it('refuses bad parameters naming the field', () => {
    expect(() => validateAlgorithmParameters({ ...twap, slices: 0 }, 100)).toThrow(InvalidInputError);
    expect(() => validateAlgorithmParameters({ ...twap, endAt: 0 }, 100)).toThrow(/endAt/);
    expect(() =>
      validateAlgorithmParameters(
        { ...twap, kind: 'POV', targetRate: 0.5, minRate: 0.6, maxRate: 0.7 } as AlgorithmParameters,
        100,
      ),
    ).toThrow(/targetRate/);
  });
});
