// Business continuity on the Risk page: the manual override mode (entered and left with a reason), the
// emergency liquidation (its risk-ranked plan read before the confirmation, then each step's outcome)
// and the protective stops held at the venue. Changing the mode or liquidating needs the risk permission;
// other roles see the buttons disabled with the reason (the server refuses them anyway).
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { type Principal, roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { money, price, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';

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
interface LiquidationPlan {
  policy: string;
  plan: PlanRow[];
}
interface LiquidationStep extends PlanRow {
  status: 'flat' | 'placed' | 'rejected' | 'pending';
  orderId: string | null;
  reasonCode: string | null;
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
    status: string | null;
  }[];
}

/** The reason the server requires (1 to 500 characters), typed in a dialog. */
function ReasonField(props: { value: string; onInput: (value: string) => void; testId: string }) {
  return (
    <p>
      <label>
        Reason (kept in the audit trail and sent to stakeholders)
        <input
          value={props.value}
          maxLength={500}
          size={40}
          required
          data-testid={props.testId}
          onInput={(event) => props.onInput((event.currentTarget as HTMLInputElement).value)}
        />
      </label>
    </p>
  );
}

function PlanTable(props: { rows: readonly (PlanRow & Partial<LiquidationStep>)[]; testId: string }) {
  const outcome = props.rows.some((row) => row.status !== undefined);
  return (
    <table data-testid={props.testId}>
      <thead>
        <tr>
          <th scope="col">Rank</th>
          <th scope="col">Symbol</th>
          <th scope="col">Quantity</th>
          <th scope="col">Market value</th>
          <th scope="col">Day risk</th>
          {outcome && <th scope="col">Outcome</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.symbol} data-symbol={row.symbol} data-status={row.status}>
            <td class="number">{row.rank}</td>
            <td>{row.symbol}</td>
            <td class="number">{row.netQuantity}</td>
            <td class="number">{money(row.marketValue)}</td>
            <td class="number">{money(row.dayRisk)}</td>
            {outcome && (
              <td class={row.status === 'rejected' ? 'negative' : ''}>
                {row.status}
                {row.reasonCode ? ` (${row.reasonCode})` : ''}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ContinuityPanel(props: { principal: Principal }) {
  const override = useResource<OverrideState>('risk-manager/manual-override', {
    reloadOn: ['risk.limits'],
    every: 10_000,
  });
  const stops = useResource<ProtectiveStops>('trade-executor/protective-stops', {
    reloadOn: ['trades.executed'],
    every: 10_000,
  });
  const [overrideReason, setOverrideReason] = useState('');
  const [liquidationReason, setLiquidationReason] = useState('');
  const [overrideFirst, setOverrideFirst] = useState(true);
  const [plan, setPlan] = useState<{ data?: LiquidationPlan; error?: string } | null>(null);
  const [report, setReport] = useState<LiquidationStep[] | null>(null);
  const denied = roleMay(props.principal.role, 'risk')
    ? undefined
    : `the ${props.principal.role} role may not change the manual override mode or liquidate`;

  // Only the latest request's answer is shown (a dialog closed and opened again asks again).
  const planRequest = useRef(0);
  const loadPlan = () => {
    const request = ++planRequest.current;
    setPlan(null);
    api<LiquidationPlan>('trade-executor/emergency-liquidation')
      .then((data) => {
        if (request === planRequest.current) setPlan({ data });
      })
      .catch((failure: Error) => {
        if (request === planRequest.current) setPlan({ error: failure.message });
      });
  };
  const liquidate = async () => {
    const reason = liquidationReason.trim();
    // Strategies stop first (as `ats continuity liquidate` does), so none reopens what is closed.
    if (overrideFirst && !override.data?.on)
      await api('risk-manager/manual-override', 'PUT', {
        on: true,
        reason: `emergency liquidation: ${reason}`,
      });
    const answer = await api<{ steps: LiquidationStep[] }>('trade-executor/emergency-liquidation', 'POST', {
      reason,
    });
    setReport(answer.steps);
  };
  const planIncomplete =
    plan === null
      ? 'the plan is loading'
      : plan.error !== undefined
        ? 'the plan could not be loaded'
        : plan.data?.plan.length === 0
          ? 'no open position'
          : undefined;

  return (
    <>
      <h3>Manual override</h3>
      <LoadState resource={override}>
        {(state) => (
          <>
            <p
              class={state.on ? 'halted' : 'trading'}
              data-testid="override-state"
              data-on={String(state.on)}
            >
              {state.on
                ? "Manual override ON: only manual orders, strategies' signals refused"
                : 'Manual override off: strategies trade'}
            </p>
            {state.changedAt && (
              <p class="muted">
                {state.on ? 'On' : 'Off'} since {time(state.changedAt)}, by {state.changedBy}: {state.reason}
              </p>
            )}
            <ConfirmButton
              label={state.on ? 'Leave manual override' : 'Enter manual override'}
              question={
                state.on
                  ? "Leave manual override? Strategies' signals become orders again."
                  : "Enter manual override? Every strategy's signal is refused; only manual orders (this dashboard, the CLI, the API) are placed."
              }
              deniedReason={denied}
              danger={!state.on}
              testId={state.on ? 'override-leave' : 'override-enter'}
              incompleteReason={overrideReason.trim() ? undefined : 'give a reason'}
              action={() =>
                api('risk-manager/manual-override', 'PUT', { on: !state.on, reason: overrideReason.trim() })
              }
              onDone={() => {
                setOverrideReason('');
                override.reload();
              }}
            >
              <ReasonField value={overrideReason} onInput={setOverrideReason} testId="override-reason" />
            </ConfirmButton>
          </>
        )}
      </LoadState>

      <h3>Emergency liquidation</h3>
      <p class="muted">
        Closes every position, the largest one-day dollar risk first, each with a reduce-only market order
        through the risk checks after its working orders are canceled.
      </p>
      <ConfirmButton
        label="Liquidate all positions"
        question="Liquidate every position, in this order? The order is computed again when you confirm."
        deniedReason={denied}
        danger
        testId="liquidate"
        onOpen={loadPlan}
        incompleteReason={planIncomplete ?? (liquidationReason.trim() ? undefined : 'give a reason')}
        action={liquidate}
        onDone={() => {
          setLiquidationReason('');
          override.reload();
          stops.reload();
        }}
      >
        {plan === null ? (
          <p class="loading">Loading the plan…</p>
        ) : plan.error !== undefined ? (
          <p class="error" role="alert">
            {plan.error}{' '}
            <button type="button" onClick={loadPlan}>
              Retry
            </button>
          </p>
        ) : plan.data?.plan.length === 0 ? (
          <p class="muted">No open position: nothing to liquidate.</p>
        ) : (
          <>
            <p class="muted">Policy: {plan.data?.policy}</p>
            <PlanTable rows={plan.data?.plan ?? []} testId="liquidation-plan" />
          </>
        )}
        <ReasonField value={liquidationReason} onInput={setLiquidationReason} testId="liquidation-reason" />
        <p>
          <label class="inline">
            <input
              type="checkbox"
              checked={overrideFirst}
              data-testid="liquidation-override-first"
              onChange={(event) => setOverrideFirst((event.currentTarget as HTMLInputElement).checked)}
            />{' '}
            Enter manual override first, so no strategy reopens a position
          </label>
        </p>
      </ConfirmButton>
      {report && (
        <div data-testid="liquidation-report">
          <p role="status">
            {report.length === 0
              ? 'Liquidation: nothing was held.'
              : `Liquidation: ${report.filter((step) => step.status !== 'rejected').length} of ${report.length} position(s) sent to close.`}
          </p>
          {report.length > 0 && <PlanTable rows={report} testId="liquidation-steps" />}
        </div>
      )}

      <h3>Protective stops</h3>
      <LoadState resource={stops}>
        {(state) =>
          !state.enabled ? (
            <p class="muted" data-testid="protective-stops-off">
              Off (execution.protective_stops.enabled is false): no stop is held at the venue.
            </p>
          ) : state.stops.length === 0 ? (
            <p class="muted">
              None held: no open position ({state.distanceBasisPoints / 100}% from the average cost when one
              opens).
            </p>
          ) : (
            <table data-testid="protective-stops">
              <caption class="muted">
                Held at the venue, {state.distanceBasisPoints / 100}% from each position's average cost
              </caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Side</th>
                  <th scope="col">Quantity</th>
                  <th scope="col">Stop</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {state.stops.map((stop) => (
                  <tr key={stop.symbol} data-symbol={stop.symbol} data-testid="protective-stop-row">
                    <td>{stop.symbol}</td>
                    <td>{stop.side}</td>
                    <td class="number">{stop.quantity}</td>
                    <td class="number">{price(stop.stopPrice)}</td>
                    <td>{stop.status ?? 'requested'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadState>
    </>
  );
}
