// Backtests: submit a run, follow its progress, open its result, compare runs, and sweep two parameters
// into an optimization heatmap.
import { formatPercent, timeSeriesChart } from '@ats/charts';
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { currentTimeZone, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { SvgChart } from '../components/svg-chart.js';
import { BacktestResult, metricText } from './backtest-result.js';
import type { BacktestResultView, RunRecord } from './backtest-types.js';
import { runLabel } from './backtest-types.js';
import { OptimizationHeatmap } from './optimization-heatmap.js';

/** `fast=10 slow=30` -> { fast: 10, slow: 30 }; throws naming the part that is not `name=number`. */
export function parseParameters(text: string): Record<string, number> {
  const parameters: Record<string, number> = {};
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(-?[0-9.]+)$/.exec(part);
    if (!match || !Number.isFinite(Number(match[2])))
      throw new Error(`parameters: '${part}' is not name=number`);
    parameters[match[1] as string] = Number(match[2]);
  }
  return parameters;
}

function Compare(props: { runs: RunRecord[] }) {
  const [results, setResults] = useState<Map<string, BacktestResultView>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const missing = props.runs.filter((run) => !results.has(run.id));
  if (missing.length > 0 && error === null)
    Promise.all(
      missing.map((run) =>
        api<BacktestResultView>(`backtesting/runs/${run.id}/result`).then((view) => [run.id, view] as const),
      ),
    )
      .then((loaded) => setResults((previous) => new Map([...previous, ...loaded])))
      .catch((failure: Error) => setError(failure.message));
  if (error) return <p class="error">{error}</p>;
  if (missing.length > 0) return <p class="loading">Loading the runs to compare…</p>;
  const colors = ['#1570ef', '#f79009', '#12b76a', '#7a5af8', '#f04438', '#667085'];
  const metricNames = Object.keys(results.get(props.runs[0]?.id ?? '')?.metrics ?? {});
  return (
    <section class="wide" aria-label="Comparison" data-testid="comparison">
      <SvgChart
        svg={timeSeriesChart({
          title: 'Growth of 1 (each run from its start)',
          series: props.runs.map((run, index) => {
            const curve = results.get(run.id)?.equityCurve ?? [];
            const first = curve[0]?.equity ?? 1;
            return {
              label: runLabel(run).slice(0, 28),
              color: colors[index % colors.length] as string,
              points: curve.map((point) => ({ time: point.time, value: point.equity / first })),
            };
          }),
          logScale: true,
          timeZone: currentTimeZone(),
        })}
      />
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {props.runs.map((run) => (
                <th key={run.id} scope="col">
                  {runLabel(run)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {metricNames.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {props.runs.map((run) => (
                  <td key={run.id} class="number">
                    {metricText(name, results.get(run.id)?.metrics[name] ?? null)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function BacktestsPage(props: PageProps) {
  const runs = useResource<RunRecord[]>('backtesting/runs?limit=50', { every: 2_000 });
  const [open, setOpen] = useState<RunRecord | null>(null);
  const [compared, setCompared] = useState<Set<string>>(new Set());
  const [comparing, setComparing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const denied = roleMay(props.principal.role, 'backtest')
    ? undefined
    : `the ${props.principal.role} role may not run backtests`;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        strategy: String(form.get('strategy')),
        symbols: String(form.get('symbols'))
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((symbol) => symbol.toUpperCase()),
        parameters: parseParameters(String(form.get('parameters'))),
        cash: String(form.get('cash')),
        commissionBps: Number(form.get('commissionBps')),
      };
      if (form.get('from')) body.from = String(form.get('from'));
      if (form.get('to')) body.to = String(form.get('to'));
      const answer = await api<{ id: string }>('backtesting/runs', 'POST', body);
      setMessage(`Run ${answer.id.slice(0, 8)} queued`);
      runs.reload();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <div class="grid">
      <section aria-label="New backtest">
        <h2>New run</h2>
        <form class="stacked" onSubmit={submit}>
          <label>
            Strategy
            <input name="strategy" defaultValue="sma-cross" required />
          </label>
          <label>
            Symbols
            <input name="symbols" defaultValue="ORCL" required />
          </label>
          <label>
            From
            <input name="from" type="date" defaultValue="2010-01-01" />
          </label>
          <label>
            To
            <input name="to" type="date" defaultValue="2014-12-31" />
          </label>
          <label>
            Parameters
            <input name="parameters" defaultValue="fast=10 slow=30" />
          </label>
          <label>
            Starting cash
            <input
              name="cash"
              defaultValue="100000"
              inputMode="decimal"
              pattern="[0-9]{1,12}(\.[0-9]{1,4})?"
            />
          </label>
          <label>
            Commission (basis points)
            <input name="commissionBps" type="number" min={0} max={1000} step="0.1" defaultValue="1" />
          </label>
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          {message && <p role="status">{message}</p>}
          <button
            type="submit"
            class="primary"
            disabled={denied !== undefined}
            title={denied}
            data-testid="submit-backtest"
          >
            Run backtest
          </button>
        </form>
      </section>
      <section aria-label="Runs" class="wide">
        <h2>Runs</h2>
        <LoadState resource={runs}>
          {(rows) =>
            rows.length === 0 ? (
              <p class="muted">No run yet.</p>
            ) : (
              <div class="scroll">
                <table data-testid="runs">
                  <thead>
                    <tr>
                      <th scope="col">Compare</th>
                      <th scope="col">Created</th>
                      <th scope="col">Run</th>
                      <th scope="col">Period</th>
                      <th scope="col">Status</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((run) => (
                      <tr key={run.id} data-testid="run-row" data-status={run.status}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`compare ${runLabel(run)}`}
                            disabled={run.status !== 'succeeded'}
                            checked={compared.has(run.id)}
                            onChange={() =>
                              setCompared((previous) => {
                                const next = new Set(previous);
                                if (next.has(run.id)) next.delete(run.id);
                                else next.add(run.id);
                                return next;
                              })
                            }
                          />
                        </td>
                        <td>{time(run.createdAt)}</td>
                        <td>{runLabel(run)}</td>
                        <td>
                          {run.request.from ?? 'start'} – {run.request.to ?? 'end'}
                        </td>
                        <td>
                          {run.status === 'running' || run.status === 'queued' ? (
                            <>
                              <progress max={1} value={run.progress} /> {formatPercent(run.progress, 0)}
                            </>
                          ) : (
                            <span title={run.error ?? ''}>{run.status}</span>
                          )}
                        </td>
                        <td>
                          {run.status === 'succeeded' && (
                            <button type="button" data-testid="open-result" onClick={() => setOpen(run)}>
                              Open result
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </LoadState>
        <button type="button" disabled={compared.size < 2} onClick={() => setComparing(!comparing)}>
          {comparing ? 'Hide comparison' : `Compare ${compared.size} runs`}
        </button>
      </section>
      {comparing && runs.data && <Compare runs={runs.data.filter((run) => compared.has(run.id))} />}
      {open && <BacktestResult run={open} onClose={() => setOpen(null)} />}
      <OptimizationHeatmap deniedReason={denied} />
    </div>
  );
}
