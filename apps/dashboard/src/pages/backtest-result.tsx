// One backtest's result: equity against buy and hold (linear or log), drawdown, trades on the price,
// formatted metrics, monthly returns and the trade list; the standalone HTML report one click away.
import {
  formatMoney,
  formatNumber,
  formatPercent,
  monthlyReturns,
  monthNames,
  timeSeriesChart,
} from '@ats/charts';
import { useState } from 'preact/hooks';
import { authorizedFetch } from '../api/api-client.js';
import { drawdownOf } from '../api/live-portfolio.js';
import { useResource } from '../api/use-resource.js';
import { currentTimeZone, money, price } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { SvgChart } from '../components/svg-chart.js';
import {
  type BacktestResultView,
  moneyMetrics,
  percentMetrics,
  type RunRecord,
  runLabel,
} from './backtest-types.js';

export function metricText(name: string, value: number | null): string {
  if (value === null) return '—';
  if (percentMetrics.has(name)) return formatPercent(value);
  if (moneyMetrics.has(name)) return formatMoney(value);
  return formatNumber(value, Number.isInteger(value) ? 0 : 2);
}

export function BacktestResult(props: { run: RunRecord; onClose: () => void }) {
  const result = useResource<BacktestResultView>(`backtesting/runs/${props.run.id}/result`);
  const [logScale, setLogScale] = useState(true);
  const [reportError, setReportError] = useState<string | null>(null);
  const zone = currentTimeZone();
  const startingCash = Number(props.run.request.cash ?? '100000');

  const openReport = async () => {
    setReportError(null);
    const response = await authorizedFetch(`api/backtesting/runs/${props.run.id}/report`);
    if (!response.ok) return setReportError(`the report answered ${response.status}`);
    const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
  };

  return (
    <section class="detail wide" aria-label="Backtest result" data-testid="backtest-result">
      <h2>
        Result: {runLabel(props.run)}{' '}
        <button type="button" onClick={props.onClose}>
          Close
        </button>{' '}
        <button type="button" onClick={openReport}>
          Open HTML report
        </button>
      </h2>
      {reportError && <p class="error">{reportError}</p>}
      <LoadState resource={result}>
        {(view) => {
          const equity = view.equityCurve.map((point) => ({ time: point.time, value: point.equity }));
          const benchmark = view.benchmarkCurve.map((value, index) => ({
            time: view.equityCurve[index]?.time ?? 0,
            value,
          }));
          const priceSeries = view.prices
            ? view.prices.map((value, index) => ({ time: view.equityCurve[index]?.time ?? 0, value }))
            : null;
          const markers = view.fills.map((fill) => ({
            time: Date.parse(fill.time),
            value: Number(fill.price),
            kind: fill.side === 'BUY' ? ('buy' as const) : ('sell' as const),
            label: `${fill.side} ${fill.quantity} ${fill.symbol} @ ${fill.price}`,
          }));
          return (
            <>
              <p data-testid="final-equity">
                Final equity <strong>{money(view.finalEquity)}</strong> from {formatMoney(startingCash)} over{' '}
                {view.bars} bars, {view.fills.length} fills.
              </p>
              <label>
                <input
                  type="checkbox"
                  checked={logScale}
                  onChange={(event) => setLogScale((event.currentTarget as HTMLInputElement).checked)}
                />{' '}
                Log scale
              </label>
              <SvgChart
                testId="backtest-equity"
                svg={timeSeriesChart({
                  title: 'Equity against buy and hold',
                  series: [
                    { label: 'strategy', color: '#1570ef', points: equity },
                    { label: 'buy and hold', color: '#98a2b3', points: benchmark },
                  ],
                  logScale,
                  format: 'currency',
                  timeZone: zone,
                })}
              />
              <SvgChart
                svg={timeSeriesChart({
                  title: 'Drawdown',
                  series: [{ label: 'drawdown', color: '#f04438', points: drawdownOf(equity), area: true }],
                  format: 'percent',
                  timeZone: zone,
                  height: 150,
                })}
              />
              {priceSeries && (
                <SvgChart
                  svg={timeSeriesChart({
                    title: 'Trades on the price',
                    series: [{ label: 'close', color: '#344054', points: priceSeries }],
                    markers,
                    format: 'number',
                    timeZone: zone,
                  })}
                />
              )}
              <div class="columns">
                <table aria-label="Metrics">
                  <tbody>
                    {Object.entries(view.metrics).map(([name, value]) => (
                      <tr key={name}>
                        <th scope="row">{name}</th>
                        <td class="number">{metricText(name, value)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div class="scroll">
                  <table aria-label="Monthly returns">
                    <thead>
                      <tr>
                        <th scope="col">Year</th>
                        {monthNames.map((month) => (
                          <th key={month} scope="col">
                            {month}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {monthlyReturns(view.equityCurve, startingCash).map(([year, values]) => (
                        <tr key={year}>
                          <th scope="row">{year}</th>
                          {values.map((value, index) => (
                            <td
                              key={monthNames[index]}
                              class={`number ${value !== null && value < 0 ? 'negative' : 'positive'}`}
                            >
                              {value === null ? '' : formatPercent(value, 1)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
              <h3>Trades</h3>
              <div class="scroll short">
                <table aria-label="Trades">
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Symbol</th>
                      <th scope="col">Side</th>
                      <th scope="col">Quantity</th>
                      <th scope="col">Price</th>
                      <th scope="col">Commission</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.fills.map((fill, index) => (
                      <tr key={`${fill.time}-${index}`}>
                        <td>{fill.time.slice(0, 10)}</td>
                        <td>{fill.symbol}</td>
                        <td>{fill.side}</td>
                        <td class="number">{fill.quantity}</td>
                        <td class="number">{price(fill.price)}</td>
                        <td class="number">{money(fill.commission)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
