// The work of `ats continuity`: REST calls to the Risk Manager (manual override) and the Trade
// Executor (emergency liquidation, the protective stops held at the venue), printed as short tables.
import { InvalidInputError } from '@ats/core';
import { apiCall } from './api-client.js';

/** Where the Risk Manager's and the Trade Executor's APIs are. */
export interface ContinuityUrls {
  readonly riskUrl: string;
  readonly executorUrl: string;
}

interface OverrideState {
  on: boolean;
  reason: string | null;
  changedBy: string | null;
  changedAt: string | null;
}

interface PlanRow {
  rank: number;
  symbol: string;
  netQuantity: number;
  dayRisk: number;
  marketValue: string;
  unrealizedPnl: string;
}

interface LiquidationStep extends PlanRow {
  status: string;
  orderId: string | null;
  reasonCode: string | null;
}

function printPlan(rows: readonly (PlanRow & Partial<LiquidationStep>)[]): void {
  if (rows.length === 0) {
    console.log('no open position');
    return;
  }
  console.log(
    `${'rank'.padEnd(4)}  ${'symbol'.padEnd(10)} ${'quantity'.padStart(10)} ${'market value'.padStart(14)} ${'day risk'.padStart(10)}  status`,
  );
  for (const row of rows)
    console.log(
      `${String(row.rank).padEnd(4)}  ${row.symbol.padEnd(10)} ${String(row.netQuantity).padStart(10)} ${row.marketValue.padStart(14)} ${row.dayRisk.toFixed(2).padStart(10)}  ${row.status ?? '-'}${row.reasonCode ? ` ${row.reasonCode}` : ''}`,
    );
}

interface ProtectiveStops {
  enabled: boolean;
  distanceBasisPoints: number;
  stops: {
    symbol: string;
    orderId: string;
    side: string;
    quantity: number;
    stopPrice: string;
    /** The order's status as the executor knows it; null while the request is on its way. */
    status: string | null;
  }[];
}

function printProtectiveStops(answer: ProtectiveStops): void {
  if (!answer.enabled) {
    console.log('protective stops: off (execution.protective_stops.enabled is false)');
    return;
  }
  console.log(
    `protective stops held at the venue (${answer.distanceBasisPoints} bp from the average cost): ${answer.stops.length === 0 ? 'none' : answer.stops.length}`,
  );
  if (answer.stops.length === 0) return;
  console.log(
    `${'symbol'.padEnd(10)} ${'side'.padEnd(4)} ${'quantity'.padStart(10)} ${'stop price'.padStart(12)}  ${'status'.padEnd(16)} order`,
  );
  for (const stop of answer.stops)
    console.log(
      `${stop.symbol.padEnd(10)} ${stop.side.padEnd(4)} ${String(stop.quantity).padStart(10)} ${stop.stopPrice.padStart(12)}  ${(stop.status ?? 'requested').padEnd(16)} ${stop.orderId}`,
    );
}

function describeOverride(state: OverrideState): string {
  return state.on
    ? `manual override ON since ${state.changedAt} by ${state.changedBy}: ${state.reason}`
    : `manual override off${state.changedAt ? ` (since ${state.changedAt}, by ${state.changedBy})` : ''}`;
}

export async function showContinuity(urls: ContinuityUrls): Promise<number> {
  const state = (await apiCall(urls.riskUrl, '/manual-override')) as OverrideState;
  console.log(describeOverride(state));
  const { policy, plan } = (await apiCall(urls.executorUrl, '/emergency-liquidation')) as {
    policy: string;
    plan: PlanRow[];
  };
  console.log(`emergency liquidation order (${policy}):`);
  printPlan(plan);
  printProtectiveStops((await apiCall(urls.executorUrl, '/protective-stops')) as ProtectiveStops);
  return 0;
}

export async function setManualOverride(
  urls: ContinuityUrls,
  state: string,
  reason: string,
): Promise<number> {
  if (state !== 'on' && state !== 'off')
    throw new InvalidInputError('state', `'${state}' is not on or off`, state);
  const answer = (await apiCall(urls.riskUrl, '/manual-override', 'PUT', {
    on: state === 'on',
    reason,
  })) as OverrideState;
  console.log(describeOverride(answer));
  return 0;
}

export async function liquidate(
  urls: ContinuityUrls,
  reason: string,
  keepStrategies: boolean,
): Promise<number> {
  // Strategies stop first, so none re-opens a position the liquidation just closed.
  if (!keepStrategies) {
    const state = (await apiCall(urls.riskUrl, '/manual-override', 'PUT', {
      on: true,
      reason: `emergency liquidation: ${reason}`,
    })) as OverrideState;
    console.log(describeOverride(state));
  }
  const report = (await apiCall(urls.executorUrl, '/emergency-liquidation', 'POST', { reason })) as {
    steps: LiquidationStep[];
  };
  printPlan(report.steps);
  const refused = report.steps.filter((step) => step.status === 'rejected');
  if (refused.length > 0) console.log(`${refused.length} position(s) not liquidated: see the status column`);
  return refused.length > 0 ? 1 : 0;
}
