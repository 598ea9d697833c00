// Emergency liquidation: every open position flattened in the order of its risk (rank 1 first), each
// through the Risk Manager and the journal as a reduce-only market order after the symbol's working
// orders are canceled. Stakeholders are notified when it starts and with its outcome.
import type { IdGenerator, MessageBus, Ticker } from '@ats/core';
import type { ExecutionEngine, Portfolio } from '@ats/engine';
import { type FlattenResult, flattenPosition } from '../trade-executor/flatten-position.js';
import type { ManualOrderDesk } from '../trade-executor/manual-order-desk.js';
import { notifyContinuity } from './continuity-notification.js';
import { type RankedPosition, rankPositionsByRisk } from './risk-ranked-positions.js';

export interface EmergencyLiquidationOptions {
  readonly execution: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly desk: ManualOrderDesk;
  readonly bus: MessageBus;
  readonly ids: IdGenerator;
  readonly dailyVolatilityOf: (symbol: string) => number;
}

export interface LiquidationStep extends RankedPosition {
  readonly status: FlattenResult['status'];
  readonly orderId: string | null;
  readonly reasonCode: string | null;
}

export interface LiquidationReport {
  readonly reason: string;
  readonly requestedBy: string;
  readonly steps: readonly LiquidationStep[];
}

export class EmergencyLiquidation {
  private running: Promise<LiquidationReport> | null = null;

  constructor(private readonly options: EmergencyLiquidationOptions) {}

  /** The order positions would be closed in, now. */
  plan(): RankedPosition[] {
    return rankPositionsByRisk(this.options.portfolio.snapshot().positions, this.options.dailyVolatilityOf);
  }

  /** Runs the liquidation; a second call while one runs joins it rather than selling twice. */
  liquidate(reason: string, requestedBy: string): Promise<LiquidationReport> {
    if (!this.running)
      this.running = this.run(reason, requestedBy).finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(reason: string, requestedBy: string): Promise<LiquidationReport> {
    const { execution, portfolio, desk, bus, ids } = this.options;
    const plan = this.plan();
    notifyContinuity(
      bus,
      ids,
      'emergency-liquidation',
      `Emergency liquidation started: ${plan.length} position(s)`,
      `By ${requestedBy}: ${reason}. Order: ${plan.map((step) => `${step.rank}. ${step.symbol} ${step.netQuantity}`).join(', ') || 'nothing held'}`,
    );
    const steps: LiquidationStep[] = [];
    for (const ranked of plan) {
      const result = await flattenPosition(
        { execution, portfolio, desk },
        ranked.symbol as Ticker,
        `emergency liquidation: ${requestedBy}`,
      );
      steps.push({
        ...ranked,
        status: result.status,
        orderId: result.order?.id ?? result.orderId ?? null,
        reasonCode: result.reasonCode ?? null,
      });
    }
    const refused = steps.filter((step) => step.status === 'rejected');
    notifyContinuity(
      bus,
      ids,
      'emergency-liquidation',
      refused.length === 0
        ? `Emergency liquidation sent: ${steps.length} order(s)`
        : `Emergency liquidation: ${refused.length} of ${steps.length} refused`,
      steps
        .map(
          (step) =>
            `${step.rank}. ${step.symbol} ${step.status}${step.reasonCode ? ` (${step.reasonCode})` : ''}`,
        )
        .join(', ') || 'nothing held',
    );
    return { reason, requestedBy, steps };
  }
}
