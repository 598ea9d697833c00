// The margin-call liquidator: each call's liquidations become reduce-only market orders through the
// desk, and a symbol whose liquidation is still on its way is not sold again at the next call.
import { Money, type Ticker } from '@ats/core';
import type { MarginCall } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import type { ManualOrderInput, ManualOrderOutcome } from './manual-order-desk.js';
import { MarginCallLiquidator } from './margin-call-liquidator.js';

const call: MarginCall = {
  equity: Money.of('1000'),
  requirement: Money.of('2000'),
  liquidations: [{ symbol: 'AAPL' as Ticker, side: 'SELL', quantity: 30 }],
};

function harness(answer: (input: ManualOrderInput) => ManualOrderOutcome) {
  const requests: ManualOrderInput[] = [];
  const statuses = new Map<string, string>();
  const liquidator = new MarginCallLiquidator({
    request: async (input) => {
      requests.push(input);
      return answer(input);
    },
    orderStatus: (orderId) => statuses.get(orderId) ?? null,
    onError: (error) => {
      throw error;
    },
  });
  return { liquidator, requests, statuses };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('MarginCallLiquidator', () => {
  it('requests a reduce-only market order for each liquidation of a call', async () => {
    const { liquidator, requests } = harness(() => ({ status: 'pending', requestId: 'r', orderId: 'o1' }));
    liquidator.handle(call);
    await settle();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      symbol: 'AAPL',
      side: 'SELL',
      orderType: 'MARKET',
      reduceOnly: true,
    });
    expect(Number(requests[0]?.quantity)).toBe(30);
  });

  it('does not sell a symbol again while its liquidation is requested or working', async () => {
    let next = 0;
    const { liquidator, requests, statuses } = harness(() => {
      next += 1;
      return { status: 'pending', requestId: `r${next}`, orderId: `o${next}` };
    });
    liquidator.handle(call);
    liquidator.handle(call); // the next quote's call, before risk answered
    await settle();
    statuses.set('o1', 'ACCEPTED');
    liquidator.handle(call); // placed and working
    await settle();
    expect(requests).toHaveLength(1);
    statuses.set('o1', 'FILLED');
    liquidator.handle(call); // finished, and the account is still short of maintenance
    await settle();
    expect(requests).toHaveLength(2);
    expect(liquidator.busy('AAPL' as Ticker)).toBe(true);
  });

  it('tries again at the next call after risk refused the liquidation', async () => {
    const { liquidator, requests } = harness(() => ({
      status: 'rejected',
      requestId: 'r',
      reasonCode: 'RISK_WASH_TRADE',
      reason: 'crosses a working order',
    }));
    liquidator.handle(call);
    await settle();
    expect(liquidator.busy('AAPL' as Ticker)).toBe(false);
    liquidator.handle(call);
    await settle();
    expect(requests).toHaveLength(2);
  });
});
