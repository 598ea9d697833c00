// ExecutionReport → order events, with payloads shaped as in the FIX 4.4 specification (Volume 4,
// "Order State Change Matrices": new, partial fill, fill, cancel, reject, expire, replace).
import {
  type AccountId,
  deriveUuid,
  InvalidInputError,
  type OrderFilled,
  type OrderId,
  type StrategyId,
  toSymbol,
} from '@ats/core';
import { describe, expect, it } from 'vitest';
import { readExecutionReport } from './execution-report-fields.js';
import { executionReportEvents, type ReportedOrder } from './execution-report-mapping.js';
import { TagValueMessage } from './testing/tag-value-message.js';

const order: ReportedOrder = {
  orderId: 'ord-1' as OrderId,
  accountId: 'account-1' as AccountId,
  strategyId: 'strategy-1' as StrategyId,
  symbol: toSymbol('IBM'),
  side: 'BUY',
  orderType: 'LIMIT',
  acceptedByVenue: true,
};

const header = '8=FIX.4.4|35=8|49=BROKER|56=ATS|34=12|52=20240102-14:30:00.125|';

function report(body: string) {
  return readExecutionReport(new TagValueMessage(`${header}${body}|10=000|`));
}

describe('ExecutionReport fields', () => {
  it('reads prices and quantities as the wire text and TransactTime as epoch milliseconds', () => {
    const fields = report(
      '37=O-1|11=ord-1|17=E-1|150=F|39=1|55=IBM|54=1|38=100|44=120.25|32=40|31=120.125|151=60|14=40|6=120.125|60=20240102-14:30:00.125|43=Y',
    );
    expect(fields).toMatchObject({
      orderId: 'O-1',
      clOrdId: 'ord-1',
      execId: 'E-1',
      execType: 'F',
      ordStatus: '1',
      lastQty: '40',
      lastPx: '120.125',
      price: '120.25',
      possibleDuplicate: true,
    });
    expect(fields.transactTime).toBe(Date.UTC(2024, 0, 2, 14, 30, 0, 125));
  });
});

describe('ExecutionReport → order events', () => {
  it('ExecType 0 (New) on an order not yet acknowledged is OrderAccepted with the venue order id', () => {
    const events = executionReportEvents(
      report('37=O-1|11=ord-1|17=E-1|150=0|39=0|55=IBM|54=1|38=100|151=100|14=0|6=0'),
      { ...order, acceptedByVenue: false },
      'broker',
    );
    expect(events).toEqual([{ type: 'OrderAccepted', venueOrderId: 'O-1' }]);
  });

  it('ExecType 0 (New) on an order already acknowledged adds nothing', () => {
    expect(
      executionReportEvents(report('37=O-1|11=ord-1|17=E-1|150=0|39=0|151=100|14=0|6=0'), order, 'b'),
    ).toEqual([]);
  });

  it('ExecType F (Trade) is OrderFilled with LastQty, LastPx, the ExecID and a trade id derived from it', () => {
    const [event] = executionReportEvents(
      report('37=O-1|11=ord-1|17=E-7|150=F|39=1|55=IBM|54=1|38=100|32=40|31=120.125|151=60|14=40|6=120.125'),
      order,
      'broker',
    );
    const fill = event as OrderFilled;
    expect(fill.type).toBe('OrderFilled');
    expect(fill.lastQuantity.value).toBe(40);
    expect(fill.lastPrice.toString()).toBe('120.1250');
    expect(fill.executionId).toBe('E-7');
    expect(fill.tradeId).toBe(deriveUuid('broker', 'E-7'));
    expect(fill.venue).toBe('broker');
    expect([fill.accountId, fill.strategyId, fill.symbol, fill.side]).toEqual([
      'account-1',
      'strategy-1',
      'IBM',
      'BUY',
    ]);
    expect(fill.commission.isZero()).toBe(true);
    // A limit order without LastLiquidityInd is taken to have rested (added liquidity).
    expect(fill.liquidityTaker).toBe(false);
  });

  it('a fill on an order never acknowledged is preceded by OrderAccepted', () => {
    const events = executionReportEvents(
      report('37=O-1|11=ord-1|17=E-7|150=F|39=2|32=100|31=120|151=0|14=100|6=120'),
      { ...order, acceptedByVenue: false },
      'broker',
    );
    expect(events.map((event) => event.type)).toEqual(['OrderAccepted', 'OrderFilled']);
  });

  it.each([
    ['3', '1.5', '1.5000'], // absolute
    ['1', '0.005', '0.2000'], // per unit: 40 × 0.005
    ['2', '0.1', '4.8050'], // percent: 0.1% of 40 × 120.125
  ])('Commission with CommType %s of %s is %s', (commType, amount, expected) => {
    const [event] = executionReportEvents(
      report(
        `37=O-1|11=ord-1|17=E-7|150=F|39=1|32=40|31=120.125|151=60|14=40|6=120.125|12=${amount}|13=${commType}`,
      ),
      order,
      'broker',
    );
    expect((event as OrderFilled).commission.toString()).toBe(expected);
  });

  it('LastLiquidityInd 2 marks the fill as taking liquidity, 1 as adding it', () => {
    const fill = (ind: string) =>
      executionReportEvents(
        report(`37=O-1|11=ord-1|17=E-7|150=F|39=2|32=1|31=10|151=0|14=1|6=10|851=${ind}`),
        order,
        'b',
      )[0] as OrderFilled;
    expect(fill('2').liquidityTaker).toBe(true);
    expect(fill('1').liquidityTaker).toBe(false);
  });

  it('ExecType 4 (Canceled), answering our cancel request, is OrderCanceled', () => {
    const events = executionReportEvents(
      report('37=O-1|11=ord-1.C1|41=ord-1|17=E-9|150=4|39=4|151=0|14=40|6=120'),
      order,
      'b',
    );
    expect(events).toEqual([{ type: 'OrderCanceled' }]);
  });

  it('ExecType 8 (Rejected) is OrderRejected with the OrdRejReason in words and the venue’s text', () => {
    const events = executionReportEvents(
      report('37=NONE|11=ord-1|17=E-2|150=8|39=8|103=1|58=Symbol not found|151=0|14=0|6=0'),
      { ...order, acceptedByVenue: false },
      'b',
    );
    expect(events).toEqual([
      {
        type: 'OrderRejected',
        reasonCode: 'ORDER_REJECTED_BY_VENUE',
        reason: 'the symbol is unknown to the venue; venue says: Symbol not found (OrdRejReason 103=1)',
      },
    ]);
  });

  it('ExecType C (Expired) is OrderExpired', () => {
    expect(
      executionReportEvents(report('37=O-1|11=ord-1|17=E-3|150=C|39=C|151=0|14=0|6=0'), order, 'b'),
    ).toEqual([{ type: 'OrderExpired' }]);
  });

  it('ExecType 5 (Replace) is OrderUpdated with the new quantity and price', () => {
    const [event] = executionReportEvents(
      report('37=O-1|11=ord-1.R1|41=ord-1|17=E-4|150=5|39=0|38=200|44=119.5|151=200|14=0|6=0'),
      order,
      'b',
    );
    expect(event).toMatchObject({ type: 'OrderUpdated', venueOrderId: 'O-1', stopPrice: null });
    expect(event?.type === 'OrderUpdated' && [event.quantity?.value, event.limitPrice?.toString()]).toEqual([
      200,
      '119.5000',
    ]);
  });

  it.each([
    ['6', 'Pending Cancel'],
    ['E', 'Pending Replace'],
    ['A', 'Pending New'],
    ['3', 'Done for Day'],
    ['I', 'Order Status'],
  ])('ExecType %s (%s) adds no event', (execType) => {
    expect(
      executionReportEvents(
        report(`37=O-1|11=ord-1|17=E-5|150=${execType}|39=0|151=100|14=0|6=0`),
        order,
        'b',
      ),
    ).toEqual([]);
  });

  it('a fractional LastQty is refused, naming the field', () => {
    expect(() =>
      executionReportEvents(
        report('37=O-1|11=ord-1|17=E-6|150=F|39=1|32=10.5|31=10|151=0|14=10|6=10'),
        order,
        'b',
      ),
    ).toThrow(InvalidInputError);
    expect(() =>
      executionReportEvents(
        report('37=O-1|11=ord-1|17=E-6|150=F|39=1|32=10.5|31=10|151=0|14=10|6=10'),
        order,
        'b',
      ),
    ).toThrow('LastQty(32)');
  });
});
