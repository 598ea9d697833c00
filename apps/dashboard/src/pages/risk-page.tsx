// Risk: the kill switch (halt and resume, risk permission, confirmed), business continuity (manual
// override, emergency liquidation, protective stops), limits and their use, VaR/CVaR, stress results,
// the day's loss and drawdown, and the latest alerts.

import { formatMoney, formatPercent } from '@ats/charts';
import { api } from '../api/api-client.js';
import { useLiveList } from '../api/live-list.js';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { money, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { ContinuityPanel } from './continuity-panel.js';

interface KillSwitch {
  halted: boolean;
  reason: string | null;
}
interface Limits {
  checks: Record<string, number>;
  checkOrder: string[];
}
interface Monitor {
  equity: number;
  grossLong: number;
  grossShort: number;
  net: number;
  drawdown: number;
  highWaterMark: number;
  sectors: Record<string, { long: number; short: number }>;
  alarms: { states: Record<string, string> };
}
interface ValueAtRisk {
  estimates: {
    method: string;
    confidence: number;
    valueAtRisk: number;
    conditionalValueAtRisk?: number;
    expectedShortfall?: number;
  }[];
  unavailable?: Record<string, string>;
}
interface Stress {
  results: { scenario: string; pnl: number; covered: boolean }[];
}
interface DayState {
  day: string;
  dayStartEquity: string;
  highWaterMark: string;
  dayLoss: string;
}

/** Limits that are fractions of equity show as percentages, money limits as money, counts as numbers. */
function limitText(name: string, value: number): string {
  if (/size|exposure$|concentration|drawdown|collar|floor|correlated/.test(name) && value <= 1)
    return formatPercent(value, 1);
  if (/notional|loss|exposure/.test(name)) return formatMoney(value);
  return value.toLocaleString('en-US');
}

export function RiskPage(props: PageProps) {
  const killSwitch = useResource<KillSwitch>('risk-manager/kill-switch', {
    reloadOn: ['risk.limits'],
    every: 10_000,
  });
  const limits = useResource<Limits>('risk-manager/limits');
  const monitor = useResource<Monitor>('risk-manager/risk/monitor', { every: 5_000 });
  const valueAtRisk = useResource<ValueAtRisk>('risk-manager/risk/var?horizon_days=1', { every: 30_000 });
  const stress = useResource<Stress>('risk-manager/risk/stress', { every: 30_000 });
  const day = useResource<DayState>('risk-manager/day-state', { every: 10_000 });
  const alerts = useLiveList('risk.alerts', 30);
  const denied = roleMay(props.principal.role, 'risk')
    ? undefined
    : `the ${props.principal.role} role may not halt or resume trading`;

  return (
    <div class="grid">
      <section aria-label="Kill switch">
        <h2>Kill switch</h2>
        <LoadState resource={killSwitch}>
          {(state) => (
            <>
              <p class={state.halted ? 'halted' : 'trading'} data-testid="trading-state">
                {state.halted
                  ? `Trading is HALTED${state.reason ? ` (${state.reason})` : ''}`
                  : 'Trading is running'}
              </p>
              {state.halted ? (
                <ConfirmButton
                  label="Resume trading"
                  question="Resume trading? Strategies' signals will become orders again."
                  deniedReason={denied}
                  testId="resume"
                  action={() => api('risk-manager/resume', 'POST')}
                  onDone={() => killSwitch.reload()}
                />
              ) : (
                <ConfirmButton
                  label="Halt trading"
                  question="Halt all trading? New orders are refused until trading resumes."
                  deniedReason={denied}
                  danger
                  testId="halt"
                  action={() => api('risk-manager/halt', 'POST')}
                  onDone={() => killSwitch.reload()}
                />
              )}
            </>
          )}
        </LoadState>
        <h3>Today</h3>
        <LoadState resource={day}>
          {(state) => (
            <dl>
              <dt>Day</dt>
              <dd>{state.day}</dd>
              <dt>Equity at the open</dt>
              <dd>{money(state.dayStartEquity)}</dd>
              <dt>High-water mark</dt>
              <dd>{money(state.highWaterMark)}</dd>
              <dt>Loss today</dt>
              <dd>{money(state.dayLoss)}</dd>
            </dl>
          )}
        </LoadState>
      </section>
      <section aria-label="Business continuity">
        <h2>Business continuity</h2>
        <ContinuityPanel principal={props.principal} />
      </section>
      <section aria-label="Exposure">
        <h2>Exposure and drawdown</h2>
        <LoadState resource={monitor}>
          {(state) => (
            <>
              <dl>
                <dt>Equity</dt>
                <dd>{formatMoney(state.equity)}</dd>
                <dt>Gross long / short</dt>
                <dd>
                  {formatMoney(state.grossLong)} / {formatMoney(state.grossShort)}
                </dd>
                <dt>Net</dt>
                <dd>{formatMoney(state.net)}</dd>
                <dt>Drawdown</dt>
                <dd>{formatPercent(state.drawdown)}</dd>
              </dl>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Sector</th>
                    <th scope="col">Long</th>
                    <th scope="col">Short</th>
                    <th scope="col">Of equity</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(state.sectors).map(([sector, exposure]) => (
                    <tr key={sector}>
                      <td>{sector}</td>
                      <td class="number">{formatMoney(exposure.long)}</td>
                      <td class="number">{formatMoney(exposure.short)}</td>
                      <td class="number">
                        <meter
                          min={0}
                          max={1}
                          value={(exposure.long + exposure.short) / (state.equity || 1)}
                        />{' '}
                        {formatPercent((exposure.long + exposure.short) / (state.equity || 1), 1)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </LoadState>
      </section>
      <section aria-label="Value at risk">
        <h2>VaR and CVaR (1 day)</h2>
        <LoadState resource={valueAtRisk}>
          {(state) =>
            state.estimates.length === 0 ? (
              <p class="muted">
                Unavailable: {Object.values(state.unavailable ?? {}).join('; ') || 'no estimate'}
              </p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Method</th>
                    <th scope="col">Confidence</th>
                    <th scope="col">VaR</th>
                    <th scope="col">CVaR</th>
                  </tr>
                </thead>
                <tbody>
                  {state.estimates.map((estimate) => (
                    <tr key={`${estimate.method}-${estimate.confidence}`}>
                      <td>{estimate.method}</td>
                      <td class="number">{formatPercent(estimate.confidence, 1)}</td>
                      <td class="number">{formatMoney(estimate.valueAtRisk)}</td>
                      <td class="number">
                        {formatMoney(
                          estimate.conditionalValueAtRisk ?? estimate.expectedShortfall ?? Number.NaN,
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </LoadState>
        <h2>Stress scenarios</h2>
        <LoadState resource={stress}>
          {(state) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col">PnL</th>
                </tr>
              </thead>
              <tbody>
                {state.results.map((result) => (
                  <tr key={result.scenario}>
                    <td>
                      {result.scenario}
                      {result.covered ? '' : ' (positions not covered)'}
                    </td>
                    <td class={`number ${result.pnl < 0 ? 'negative' : ''}`}>{formatMoney(result.pnl)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Limits">
        <h2>Limits</h2>
        <LoadState resource={limits}>
          {(state) => (
            <table>
              <tbody>
                {Object.entries(state.checks).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name.replace(/_/g, ' ')}</th>
                    <td class="number">{limitText(name, value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Alerts">
        <h2>Alerts (live)</h2>
        {alerts.length === 0 ? (
          <p class="muted">No alert since this page opened.</p>
        ) : (
          <ul class="feed">
            {alerts.map((alert) => (
              <li key={String(alert.data.id)} class={`severity-${String(alert.data.severity)}`}>
                {time(alert.data.occurredAt)} · {String(alert.data.code)}: {String(alert.data.message)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
