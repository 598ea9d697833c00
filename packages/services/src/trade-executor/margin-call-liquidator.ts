// Margin calls of the paper venue's margin account, turned into reduce-only market orders that go
// through the Risk Manager and the journal like any operator order (never straight to the venue).
import { isTerminal, type OrderId, Quantity, type Ticker } from '@ats/core';
import type { MarginCall } from '@ats/engine';
import type { ManualOrderInput, ManualOrderOutcome } from './manual-order-desk.js';

export interface MarginCallLiquidatorOptions {
  /** Places an order through risk (the manual order desk's `request`). */
  readonly request: (input: ManualOrderInput, requestedBy: string) => Promise<ManualOrderOutcome>;
  /** The status of an order the executor knows, or null when it does not (yet). */
  readonly orderStatus: (orderId: OrderId) => string | null;
  readonly onOutcome?: (symbol: Ticker, outcome: ManualOrderOutcome) => void;
  readonly onError: (error: unknown) => void;
}

/**
 * The venue checks margin after every market event, so one shortfall raises a call per quote until
 * the liquidation fills. A symbol with a liquidation on its way (requested, or placed and not yet
 * finished) is skipped, so one shortfall sells once, not once per quote.
 */
export class MarginCallLiquidator {
  /** Symbol -> the liquidation order in flight, or 'requesting' while risk has not answered. */
  private readonly inFlight = new Map<Ticker, OrderId | 'requesting'>();

  constructor(private readonly options: MarginCallLiquidatorOptions) {}

  handle(call: MarginCall): void {
    for (const liquidation of call.liquidations) {
      if (this.busy(liquidation.symbol)) continue;
      this.inFlight.set(liquidation.symbol, 'requesting');
      const input: ManualOrderInput = {
        symbol: liquidation.symbol,
        side: liquidation.side,
        quantity: Quantity.of(liquidation.quantity),
        orderType: 'MARKET',
        limitPrice: null,
        stopPrice: null,
        timeInForce: 'DAY',
        reduceOnly: true,
      };
      this.options
        .request(input, 'margin-call')
        .then((outcome) => {
          this.options.onOutcome?.(liquidation.symbol, outcome);
          if (outcome.status === 'rejected') this.inFlight.delete(liquidation.symbol);
          else
            this.inFlight.set(
              liquidation.symbol,
              (outcome.status === 'placed' ? outcome.order.id : outcome.orderId) as OrderId,
            );
        })
        .catch((error: unknown) => {
          this.inFlight.delete(liquidation.symbol);
          this.options.onError(error);
        });
    }
  }

  /** Whether a liquidation of the symbol is still on its way. */
  busy(symbol: Ticker): boolean {
    const current = this.inFlight.get(symbol);
    if (current === undefined) return false;
    if (current === 'requesting') return true;
    const status = this.options.orderStatus(current);
    // Not known yet (relayed, not placed): still on its way. Finished: the next call may sell again.
    if (status !== null && isTerminal(status as never)) {
      this.inFlight.delete(symbol);
      return false;
    }
    return true;
  }
}
