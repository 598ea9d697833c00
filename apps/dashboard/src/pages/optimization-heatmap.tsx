// Optimization: sweeps two parameters of a strategy through the runs API (one run per pair, bounded by
// the backtest queue) and shows a metric of each pair as a heatmap.
import { heatmapChart } from '@ats/charts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { SvgChart } from '../components/svg-chart.js';
import type { BacktestResultView, RunRecord } from './backtest-types.js';
import { percentMetrics } from './backtest-types.js';

interface Sweep {
  xName: string;
  yName: string;
  xValues: number[];
  yValues: number[];
  metric: string;
  /** run id per cell, row by row (y) then column (x) */
  runIds: (string | null)[][];
}

const values = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter(Number.isFinite);

export function OptimizationHeatmap(props: { deniedReason: string | undefined }) {
  const [sweep, setSweep] = useState<Sweep | null>(null);
  const [cells, setCells] = useState<(number | null)[][]>([]);
  const [done, setDone] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!sweep) return;
    let stopped = false;
    const poll = async () => {
      const next: (number | null)[][] = [];
      let finished = 0;
      for (const row of sweep.runIds) {
        const line: (number | null)[] = [];
        for (const id of row) {
          if (id === null) {
            line.push(null);
            continue;
          }
          const run = await api<RunRecord>(`backtesting/runs/${id}`);
          if (run.status === 'succeeded') {
            const result = await api<BacktestResultView>(`backtesting/runs/${id}/result`);
            line.push(result.metrics[sweep.metric] ?? null);
            finished += 1;
          } else {
            if (run.status === 'failed') finished += 1;
            line.push(null);
          }
        }
        next.push(line);
      }
      if (stopped) return;
      setCells(next);
      setDone(finished);
      if (finished < sweep.xValues.length * sweep.yValues.length)
        setTimeout(() => void poll().catch(() => undefined), 2_000);
    };
    void poll().catch((failure: Error) => setError(failure.message));
    return () => {
      stopped = true;
    };
  }, [sweep]);

  const start = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const xValues = values(String(form.get('xValues')));
    const yValues = values(String(form.get('yValues')));
    if (xValues.length * yValues.length > 16)
      return setError('at most 16 pairs at once (the backtest queue holds 20)');
    setError(null);
    const xName = String(form.get('xName'));
    const yName = String(form.get('yName'));
    try {
      const runIds: (string | null)[][] = [];
      for (const y of yValues) {
        const row: (string | null)[] = [];
        for (const x of xValues) {
          const answer = await api<{ id: string }>('backtesting/runs', 'POST', {
            strategy: String(form.get('strategy')),
            symbols: [String(form.get('symbol')).toUpperCase()],
            parameters: { [xName]: x, [yName]: y },
          }).catch((failure: Error) => {
            // An invalid pair (fast >= slow) is a gap in the map, not the end of the sweep.
            if (/parameters/.test(failure.message)) return null;
            throw failure;
          });
          row.push(answer?.id ?? null);
        }
        runIds.push(row);
      }
      setSweep({ xName, yName, xValues, yValues, metric: String(form.get('metric')), runIds });
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <section class="wide" aria-label="Optimization">
      <h2>Optimization heatmap</h2>
      <form class="order-entry" onSubmit={start}>
        <label>
          Strategy
          <input name="strategy" defaultValue="sma-cross" size={10} />
        </label>
        <label>
          Symbol
          <input name="symbol" defaultValue="ORCL" size={6} />
        </label>
        <label>
          Across
          <input name="xName" defaultValue="fast" size={6} />
        </label>
        <label>
          Values
          <input name="xValues" defaultValue="5 10 20" size={10} />
        </label>
        <label>
          Down
          <input name="yName" defaultValue="slow" size={6} />
        </label>
        <label>
          Values
          <input name="yValues" defaultValue="30 50 100" size={10} />
        </label>
        <label>
          Metric
          <select name="metric">
            <option>sharpe</option>
            <option>totalReturn</option>
            <option>cagr</option>
            <option>maxDrawdown</option>
            <option>calmar</option>
          </select>
        </label>
        <button
          type="submit"
          class="primary"
          disabled={props.deniedReason !== undefined}
          title={props.deniedReason}
        >
          Sweep
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {sweep && (
        <>
          <p role="status">
            {done} of {sweep.xValues.length * sweep.yValues.length} runs finished
          </p>
          <SvgChart
            testId="heatmap"
            svg={heatmapChart({
              title: `${sweep.metric} by ${sweep.xName} and ${sweep.yName}`,
              xLabel: sweep.xName,
              yLabel: sweep.yName,
              xValues: sweep.xValues,
              yValues: sweep.yValues,
              cells,
              format: percentMetrics.has(sweep.metric) ? 'percent' : 'number',
            })}
          />
        </>
      )}
    </section>
  );
}
