// The Trade Executor's protective stops route: GET the stop order held at the venue for each open
// position (read permission), with the order's status as the executor knows it, for the dashboard's
// Risk page. When protective stops are off it says so (enabled false, no stops).
import { Price } from '@ats/core';
import type { ExecutionEngine } from '@ats/engine';
import type { FastifyInstance } from 'fastify';
import type { ProtectiveStopKeeper } from './protective-stop-keeper.js';

export interface ProtectiveStopRoutesOptions {
  readonly execution: ExecutionEngine;
  /** The keeper, or null when `execution.protective_stops.enabled` is false. */
  readonly keeper: ProtectiveStopKeeper | null;
  readonly distanceBasisPoints: number;
}

export function registerProtectiveStopRoutes(
  app: FastifyInstance,
  options: ProtectiveStopRoutesOptions,
): void {
  app.get('/protective-stops', { config: { permission: 'read' } }, async () => ({
    enabled: options.keeper !== null,
    distanceBasisPoints: options.distanceBasisPoints,
    stops: (options.keeper?.current() ?? []).map((stop) => ({
      symbol: stop.symbol,
      orderId: stop.orderId,
      side: stop.side,
      quantity: stop.quantity,
      stopPrice: Price.fromRaw(stop.stopPriceRaw).toString(),
      // Null while the request is still on its way to the executor (not yet an order).
      status: options.execution.order(stop.orderId as never)?.status ?? null,
    })),
  }));
}
