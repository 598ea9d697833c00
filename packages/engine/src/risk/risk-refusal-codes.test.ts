// Every refusal code of the risk engine triggered by an order that deserves it, with the numbers the
// refusal carries; shorts and flips (which must pass every limit) included.
import { Money } from '@ats/core';
import { describe, expect, it } from 'vitest';
import { harnessStart, outcomeOf, riskHarness } from './risk-engine-harness.js';

const day = 86_400_000;
const permissive = { maxPositionSize: 1, maxSectorExposure: 1, positionFraction: 1 };

describe('RiskEngine: refusals before the check chain', () => {
  it('refuses an unknown instrument (signal and request)', () => {
    const { signal, request } = riskHarness();
    expect(outcomeOf(signal('TSLA', 'LONG'))).toBe('RISK_UNKNOWN_INSTRUMENT');
    expect(outcomeOf(request('TSLA', 'BUY', 1))).toBe('RISK_UNKNOWN_INSTRUMENT');
  });

  it('refuses without a price: a zero reference price, or a market request with no mark', () => {
    const { signal, request } = riskHarness();
    expect(outcomeOf(signal('AAPL', 'LONG', '0'))).toBe('RISK_NO_PRICE');
    expect(outcomeOf(request('MSFT', 'BUY', 1))).toBe('RISK_NO_PRICE');
  });

  it('refuses a zero quantity: a budget below one lot, or a request off the lot size', () => {
    const { signal, request, mark } = riskHarness({
      instruments: [{ symbol: 'AAPL' }, { symbol: 'BRK', lotSize: 100 }],
    });
    // 100,000 x 0.10 = 10,000 buys no share at 20,000.
    expect(outcomeOf(signal('AAPL', 'LONG', '20000'))).toBe('RISK_ZERO_QUANTITY');
    mark('BRK', '10');
    expect(outcomeOf(request('BRK', 'BUY', 50))).toBe('RISK_ZERO_QUANTITY');
  });

  it('refuses a signal the strategy is already positioned for', () => {
    const { signal, fill } = riskHarness();
    fill('AAPL', 'BUY', 50, '100');
    const refused = signal('AAPL', 'LONG');
    expect(outcomeOf(refused)).toBe('RISK_ALREADY_POSITIONED');
    expect(refused.type === 'SignalRejected' && refused.reason).toMatch(/\(50\)/);
  });

  it('refuses a buy the cash cannot pay for, with the cash and the cost as its numbers', () => {
    const { request, mark } = riskHarness({
      cash: '1000',
      limits: { ...permissive, maxPositionSize: 2, maxSectorExposure: 2 },
    });
    mark('AAPL', '100');
    const refused = request('AAPL', 'BUY', 11);
    expect(refused).toMatchObject({
      type: 'SignalRejected',
      reasonCode: 'RISK_INSUFFICIENT_CASH',
      check: 'buying-power',
      limit: Money.of('1000').toString(),
      actual: Money.of('1100').toString(),
    });
    expect(outcomeOf(request('AAPL', 'BUY', 10))).toBe('APPROVED');
  });
});

describe('RiskEngine: shorts and flips', () => {
  it('sizes a short signal when shorting is allowed, and refuses a short sale request when it is not', () => {
    const allowed = riskHarness({ limits: { allowShort: true } });
    const short = allowed.signal('AAPL', 'SHORT', '100');
    expect(short.type === 'SignalApproved' && [short.side, short.quantity.value]).toEqual(['SELL', 100]);
    const refused = riskHarness();
    refused.mark('AAPL', '100');
    expect(outcomeOf(refused.request('AAPL', 'SELL', 10))).toBe('RISK_SHORT_NOT_ALLOWED');
  });

  it('refuses a flip from short 100 to long while the day loss is twenty times the limit, and still lets the short close', () => {
    const { signal, fill, mark, request } = riskHarness({
      limits: { allowShort: true, dailyLossLimit: Money.of('500') },
    });
    fill('AAPL', 'SELL', 100, '100');
    mark('AAPL', '200'); // the short lost 10,000: twenty times the 500 limit
    const flip = signal('AAPL', 'LONG', '200');
    expect(flip).toMatchObject({
      type: 'SignalRejected',
      reasonCode: 'RISK_DAILY_LOSS_LIMIT',
      limit: '500',
      actual: '10000',
    });
    // An operator's flip to an equal opposite position (short 100 to long 100) is refused the same way.
    expect(outcomeOf(request('AAPL', 'BUY', 200))).toBe('RISK_DAILY_LOSS_LIMIT');
    const close = signal('AAPL', 'FLAT', '200');
    expect(close.type === 'SignalApproved' && [close.side, close.quantity.value]).toEqual(['BUY', 100]);
  });

  it('checks the position after a flip against max_position_size though it is no larger than before', () => {
    const { fill, mark, request } = riskHarness({ limits: { allowShort: true, maxPositionSize: 0.05 } });
    fill('AAPL', 'SELL', 100, '100');
    mark('AAPL', '100');
    // Short 100 to long 100: 10,000 is 10% of equity, over the 5% limit.
    expect(request('AAPL', 'BUY', 200)).toMatchObject({
      reasonCode: 'RISK_MAX_POSITION_SIZE',
      limit: '0.05',
      actual: '0.1',
    });
    expect(outcomeOf(request('AAPL', 'BUY', 150))).toBe('APPROVED');
  });
});

describe('RiskEngine: the pre-trade check chain', () => {
  it('refuses a position above max_position_quantity and max_position_notional', () => {
    const quantity = riskHarness({ limits: { checks: { maxPositionQuantity: 50 } } });
    expect(quantity.signal('AAPL', 'LONG')).toMatchObject({
      reasonCode: 'RISK_MAX_POSITION_QUANTITY',
      limit: '50',
      actual: '100',
    });
    const notional = riskHarness({ limits: { checks: { maxPositionNotional: 5000 } } });
    expect(notional.signal('AAPL', 'LONG')).toMatchObject({
      reasonCode: 'RISK_MAX_POSITION_NOTIONAL',
      limit: '5000',
      actual: '10000',
    });
  });

  it('refuses gross and net exposure above their limits', () => {
    const gross = riskHarness({ limits: { checks: { maxGrossExposure: 15_000 } } });
    gross.fill('MSFT', 'BUY', 100, '100');
    expect(gross.signal('XOM', 'LONG')).toMatchObject({
      reasonCode: 'RISK_MAX_GROSS_EXPOSURE',
      actual: '20000',
    });
    const net = riskHarness({ limits: { checks: { maxNetExposure: 15_000 } } });
    net.fill('MSFT', 'BUY', 100, '100');
    expect(net.signal('XOM', 'LONG')).toMatchObject({
      reasonCode: 'RISK_MAX_NET_EXPOSURE',
      limit: '15000',
      actual: '20000',
    });
  });

  it('refuses leverage above max_leverage', () => {
    const { signal } = riskHarness({ limits: { ...permissive, checks: { maxLeverage: 0.5 } } });
    expect(signal('AAPL', 'LONG')).toMatchObject({
      reasonCode: 'RISK_MAX_LEVERAGE',
      limit: '0.5',
      actual: '1',
    });
  });

  it('refuses concentration once the book passes concentration_floor', () => {
    const { signal, fill } = riskHarness({
      limits: { checks: { maxConcentration: 0.5, concentrationFloor: 0.1 } },
    });
    fill('MSFT', 'BUY', 50, '100');
    // AAPL 10,000 of gross 15,000 = 2/3.
    expect(signal('AAPL', 'LONG')).toMatchObject({
      reasonCode: 'RISK_CONCENTRATION',
      limit: '0.5',
      actual: '0.6667',
    });
  });

  it('refuses exposure correlated with a holding, and passes an uncorrelated symbol', () => {
    const { signal, fill, bar } = riskHarness({ limits: { checks: { maxCorrelatedExposure: 0.15 } } });
    let aapl = 100;
    let msft = 50;
    let xom = 80;
    for (let index = 0; index < 30; index++) {
      const move = 0.01 * Math.sin(index * 1.3);
      aapl *= 1 + move;
      msft *= 1 + move;
      xom *= 1 + 0.01 * (index % 2 === 0 ? 1 : -1) * (index % 3 === 0 ? 1 : -1);
      const time = harnessStart - (30 - index) * day;
      bar('AAPL', time, aapl);
      bar('MSFT', time, msft);
      bar('XOM', time, xom);
    }
    fill('MSFT', 'BUY', 100, '100');
    // AAPL moves with MSFT: 10,000 + 1.0 x 10,000 = 20% of equity, over 15%.
    expect(signal('AAPL', 'LONG')).toMatchObject({
      reasonCode: 'RISK_CORRELATED_EXPOSURE',
      limit: '0.15',
      actual: '0.2',
    });
    expect(outcomeOf(signal('XOM', 'LONG'))).toBe('APPROVED');
  });

  it('refuses new risk past max_drawdown from the high-water mark, and lets a position close', () => {
    const { signal, fill, mark, bar, clock } = riskHarness({
      cash: '200000',
      limits: { ...permissive, checks: { maxDrawdown: 0.05 } },
    });
    fill('MSFT', 'BUY', 1000, '100');
    mark('MSFT', '110');
    bar('MSFT', clock.now(), 110); // equity 210,000: the high-water mark
    clock.advanceTo(clock.now() + day);
    mark('MSFT', '98'); // equity 198,000: 5.71% below the mark
    const refused = signal('AAPL', 'LONG', '100', 0.1);
    expect(refused).toMatchObject({ reasonCode: 'RISK_MAX_DRAWDOWN', limit: '0.05', actual: '0.0571' });
    expect(outcomeOf(signal('MSFT', 'FLAT', '98'))).toBe('APPROVED');
  });

  it('refuses orders past max_orders_per_window until the window slides', () => {
    const { request, mark, clock } = riskHarness({
      limits: { checks: { maxOrdersPerWindow: 2, rateWindowMilliseconds: 60_000 } },
    });
    mark('AAPL', '100');
    expect(outcomeOf(request('AAPL', 'BUY', 1))).toBe('APPROVED');
    expect(outcomeOf(request('AAPL', 'BUY', 1))).toBe('APPROVED');
    expect(request('AAPL', 'BUY', 1)).toMatchObject({
      reasonCode: 'RISK_ORDER_RATE',
      limit: '2',
      actual: '3',
    });
    clock.advanceTo(clock.now() + 60_001);
    expect(outcomeOf(request('AAPL', 'BUY', 1))).toBe('APPROVED');
  });

  it('counts cancels as messages and refuses past max_messages_per_window', () => {
    const { request, mark, workingOrder, cancelRequested } = riskHarness({
      limits: { checks: { maxMessagesPerWindow: 3 } },
    });
    mark('AAPL', '100');
    workingOrder('resting-1', 'AAPL', 'BUY', 10, '90');
    cancelRequested('resting-1');
    cancelRequested('resting-1');
    expect(outcomeOf(request('AAPL', 'BUY', 1))).toBe('APPROVED');
    expect(request('AAPL', 'BUY', 1)).toMatchObject({
      reasonCode: 'RISK_MESSAGE_RATE',
      limit: '3',
      actual: '4',
    });
  });

  it('refuses an order worth more than max_order_notional, but not a flatten of the position', () => {
    const { request, mark, fill } = riskHarness({ limits: { checks: { maxOrderNotional: 5000 } } });
    mark('AAPL', '100');
    expect(request('AAPL', 'BUY', 100)).toMatchObject({
      reasonCode: 'RISK_ORDER_NOTIONAL',
      limit: '5000',
      actual: '10000',
    });
    fill('AAPL', 'BUY', 100, '100');
    expect(outcomeOf(request('AAPL', 'SELL', 100, { reduceOnly: true }))).toBe('APPROVED');
  });

  it('refuses a limit or stop price outside the collar around the last price, forced reductions included', () => {
    const { request, mark, fill } = riskHarness({ limits: { checks: { priceCollar: 0.05 } } });
    mark('AAPL', '100');
    expect(request('AAPL', 'BUY', 10, { limit: '120' })).toMatchObject({
      reasonCode: 'RISK_PRICE_COLLAR',
      limit: '0.05',
      actual: '0.2',
    });
    expect(outcomeOf(request('AAPL', 'BUY', 10, { limit: '104' }))).toBe('APPROVED');
    expect(outcomeOf(request('AAPL', 'BUY', 10, { type: 'STOP', stop: '80' }))).toBe('RISK_PRICE_COLLAR');
    fill('AAPL', 'BUY', 10, '100');
    expect(outcomeOf(request('AAPL', 'SELL', 10, { limit: '50', reduceOnly: true }))).toBe(
      'RISK_PRICE_COLLAR',
    );
  });

  it('refuses a margin order beyond the buying power (twice equity less gross exposure)', () => {
    // max_position_size above 1: a margin account may hold more than its equity in one symbol.
    const { request, mark } = riskHarness({
      limits: { ...permissive, maxPositionSize: 3, maxSectorExposure: 3 },
      engine: { accountKind: 'margin' },
    });
    mark('AAPL', '100');
    expect(request('AAPL', 'BUY', 2500)).toMatchObject({
      reasonCode: 'RISK_INSUFFICIENT_BUYING_POWER',
      limit: '200000',
      actual: '250000',
    });
    expect(outcomeOf(request('AAPL', 'BUY', 1500))).toBe('APPROVED');
  });

  it('refuses new positions in a restricted symbol but lets one close', () => {
    const { signal, fill } = riskHarness({ limits: { restrictedSymbols: ['XOM'] } });
    expect(outcomeOf(signal('XOM', 'LONG'))).toBe('RISK_RESTRICTED_SYMBOL');
    fill('XOM', 'BUY', 10, '100');
    expect(outcomeOf(signal('XOM', 'FLAT'))).toBe('APPROVED');
  });

  it('refuses a fourth day trade in five business days of a margin account under 25,000, not a flatten', () => {
    const { request, fill, mark } = riskHarness({
      cash: '20000',
      limits: permissive,
      engine: { accountKind: 'margin' },
    });
    mark('AAPL', '100');
    for (let round = 0; round < 3; round++) {
      fill('AAPL', 'BUY', 10, '100', undefined, `open-${round}`);
      fill('AAPL', 'SELL', 10, '100', undefined, `close-${round}`);
    }
    fill('AAPL', 'BUY', 10, '100', undefined, 'open-3');
    expect(request('AAPL', 'SELL', 10)).toMatchObject({
      reasonCode: 'RISK_PATTERN_DAY_TRADER',
      limit: '3',
      actual: '4',
    });
    expect(outcomeOf(request('AAPL', 'SELL', 10, { reduceOnly: true }))).toBe('APPROVED');
  });

  it('lets an account of 25,000 or more day trade', () => {
    const { request, fill, mark } = riskHarness({
      cash: '30000',
      limits: permissive,
      engine: { accountKind: 'margin' },
    });
    mark('AAPL', '100');
    for (let round = 0; round < 4; round++) {
      fill('AAPL', 'BUY', 10, '100', undefined, `open-${round}`);
      fill('AAPL', 'SELL', 10, '100', undefined, `close-${round}`);
    }
    fill('AAPL', 'BUY', 10, '100', undefined, 'open-4');
    expect(outcomeOf(request('AAPL', 'SELL', 10))).toBe('APPROVED');
  });

  it("refuses an order that would cross the account's own working order, until it is canceled", () => {
    const { request, mark, workingOrder, bus } = riskHarness();
    mark('AAPL', '100');
    workingOrder('resting-sell', 'AAPL', 'SELL', 10, '101');
    expect(request('AAPL', 'BUY', 5, { limit: '102' })).toMatchObject({
      reasonCode: 'RISK_WASH_TRADE',
      limit: '101',
      actual: '102',
    });
    expect(outcomeOf(request('AAPL', 'BUY', 5))).toBe('RISK_WASH_TRADE');
    expect(outcomeOf(request('AAPL', 'BUY', 5, { limit: '100' }))).toBe('APPROVED');
    bus.publish('orders.events', {
      type: 'OrderCanceled',
      id: 'canceled-1',
      occurredAt: 0,
      receivedAt: 0,
      causationId: null,
      orderId: 'resting-sell',
    } as never);
    expect(outcomeOf(request('AAPL', 'BUY', 5, { limit: '102' }))).toBe('APPROVED');
  });

  it("approves a flatten that cancels the symbol's working orders first, before risk sees the cancels", () => {
    const { request, mark, fill, workingOrder } = riskHarness();
    fill('AAPL', 'BUY', 10, '100');
    mark('AAPL', '100');
    workingOrder('resting-buy', 'AAPL', 'BUY', 5, '100');
    // Without cancelsFirst, the flatten would trade against the account's own resting buy.
    expect(outcomeOf(request('AAPL', 'SELL', 10, { reduceOnly: true }))).toBe('RISK_WASH_TRADE');
    // The executor canceled it and says so; its OrderCanceled has not reached risk yet.
    const approved = request('AAPL', 'SELL', 10, { reduceOnly: true, cancelsFirst: ['resting-buy'] });
    expect(approved).toMatchObject({ type: 'SignalApproved', cancelsFirst: ['resting-buy'] });
  });

  it('halts everything on the kill switch but a forced flatten', () => {
    const { signal, request, risk, fill, mark } = riskHarness();
    fill('AAPL', 'BUY', 10, '100');
    mark('AAPL', '100');
    risk.halt('operator');
    expect(outcomeOf(signal('MSFT', 'LONG'))).toBe('RISK_TRADING_HALTED');
    expect(outcomeOf(signal('AAPL', 'FLAT'))).toBe('RISK_TRADING_HALTED');
    expect(outcomeOf(request('AAPL', 'SELL', 10, { reduceOnly: true }))).toBe('APPROVED');
  });

  it('checks a liquidation and an algorithm child order through checkOrder', () => {
    const { risk, fill, mark, workingOrder } = riskHarness({ limits: { checks: { maxOrderNotional: 500 } } });
    fill('AAPL', 'BUY', 10, '100');
    mark('AAPL', '100');
    risk.halt('operator');
    const liquidation = {
      origin: 'liquidation',
      strategyId: 'alpha',
      symbol: 'AAPL',
      side: 'SELL',
      quantity: 10,
      orderType: 'MARKET',
      limitPrice: null,
      stopPrice: null,
      reduceOnly: true,
    } as const;
    expect(risk.checkOrder(liquidation as never)).toBeNull();
    risk.resume();
    const child = { ...liquidation, origin: 'algorithm', side: 'BUY', reduceOnly: false } as const;
    expect(risk.checkOrder(child as never)).toMatchObject({
      code: 'RISK_ORDER_NOTIONAL',
      check: 'order-notional',
    });
    workingOrder('resting-buy', 'AAPL', 'BUY', 5, '100');
    expect(risk.checkOrder(liquidation as never)).toMatchObject({ code: 'RISK_WASH_TRADE' });
    // A liquidation whose caller canceled the symbol's working orders first: the resting buy no longer counts.
    expect(risk.checkOrder({ ...liquidation, cancelsFirst: true } as never)).toBeNull();
    expect(risk.workingOrderIds('AAPL' as never)).toEqual([]);
  });

  it('uses per-strategy and per-symbol overrides over the defaults', () => {
    const { signal, risk } = riskHarness();
    risk.limitBook.set('symbol', 'AAPL', 'maxPositionQuantity', 10);
    expect(outcomeOf(signal('AAPL', 'LONG'))).toBe('RISK_MAX_POSITION_QUANTITY');
    expect(outcomeOf(signal('MSFT', 'LONG'))).toBe('APPROVED');
    risk.limitBook.set('strategy', 'alpha', 'maxPositionNotional', 100);
    expect(outcomeOf(signal('XOM', 'LONG'))).toBe('RISK_MAX_POSITION_NOTIONAL');
  });
});

describe('RiskEngine: the day state survives a restart', () => {
  it("keeps today's loss when a new engine restores the stored day state, and starts over on a new day", () => {
    const stored: { record: unknown } = { record: null };
    const first = riskHarness({
      limits: { dailyLossLimit: Money.of('500') },
      engine: {
        onDayStateChange: (record) => {
          stored.record = record;
        },
      },
    });
    first.fill('MSFT', 'BUY', 100, '100');
    first.mark('MSFT', '94'); // -600 today
    expect(outcomeOf(first.signal('AAPL', 'LONG'))).toBe('RISK_DAILY_LOSS_LIMIT');
    // A restart: a new engine and portfolio rebuilt from the same fill, marked at the same price.
    const second = riskHarness({ limits: { dailyLossLimit: Money.of('500') } });
    second.fill('MSFT', 'BUY', 100, '100');
    second.mark('MSFT', '94');
    second.risk.restoreDayState(stored.record as never);
    expect(outcomeOf(second.signal('AAPL', 'LONG'))).toBe('RISK_DAILY_LOSS_LIMIT');
    // Without the stored state the loss would be forgotten (the day would start at 99,400).
    const forgetful = riskHarness({ limits: { dailyLossLimit: Money.of('500') } });
    forgetful.fill('MSFT', 'BUY', 100, '100');
    forgetful.mark('MSFT', '94');
    forgetful.risk.restoreDayState({ day: 0, dayStartEquityRaw: 0, highWaterMarkRaw: 0 });
    expect(outcomeOf(forgetful.signal('AAPL', 'LONG'))).toBe('APPROVED');
  });
});
