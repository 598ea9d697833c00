// Market data: latest quotes (live), candlesticks with indicator overlays per symbol, data quality per
// symbol and provider, provider status and failover history, and refused quotes.
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { liveStream } from '../api/live-stream.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { currentTimeZone, price, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import type { BarView } from './candlestick-chart.js';

interface Stats {
  quotesAccepted: number;
  quotesRejected: number;
  symbols: string[];
}
interface Quality {
  symbol: string;
  provider: string;
  received: number;
  rejected: number;
  score: number;
  completeness: number;
  timeliness: number;
  silentMilliseconds: number;
}
interface Quote {
  symbol: string;
  time: number;
  bid: string;
  ask: string;
  last: string;
}

function useLatestQuotes(): Map<string, Quote> {
  const [quotes, setQuotes] = useState<Map<string, Quote>>(new Map());
  useEffect(() => {
    const latest = new Map<string, Quote>();
    const unsubscribe = liveStream.on('market_data.', (event) => {
      const quote = event.data.quote as Quote | undefined;
      if (quote) latest.set(quote.symbol, quote);
    });
    // Quotes come by the hundred a second: the table refreshes twice a second.
    const timer = setInterval(() => setQuotes(new Map(latest)), 500);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, []);
  return quotes;
}

type Candles = FunctionComponent<{
  bars: readonly BarView[];
  timeZone: string;
  overlays: { sma: number; ema: number };
}>;

export function MarketDataPage(_props: PageProps) {
  const stats = useResource<Stats>('data-collector/stats', { every: 5_000 });
  const quality = useResource<Quality[]>('data-collector/quality', { every: 10_000 });
  const failovers = useResource<Record<string, unknown>[]>('data-collector/failovers', { every: 30_000 });
  const [symbol, setSymbol] = useState('AAPL');
  const bars = useResource<BarView[]>(`data-collector/bars?symbol=${symbol}`, { every: 30_000 });
  const [overlays, setOverlays] = useState({ sma: 20, ema: 9 });
  const [Chart, setChart] = useState<Candles | null>(null);
  const [chartError, setChartError] = useState<string | null>(null);
  const quotes = useLatestQuotes();

  useEffect(() => {
    import('./candlestick-chart.js')
      .then((module) => setChart(() => module.default))
      .catch((error: Error) => setChartError(error.message));
  }, []);

  return (
    <div class="grid">
      <section aria-label="Quotes">
        <h2>Quotes (live)</h2>
        <table data-testid="quotes">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Bid</th>
              <th scope="col">Ask</th>
              <th scope="col">Last</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {[...quotes.values()].map((quote) => (
              <tr key={quote.symbol}>
                <td>
                  <button type="button" class="link" onClick={() => setSymbol(quote.symbol)}>
                    {quote.symbol}
                  </button>
                </td>
                <td class="number">{price(quote.bid)}</td>
                <td class="number">{price(quote.ask)}</td>
                <td class="number">{price(quote.last)}</td>
                <td>{time(quote.time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {quotes.size === 0 && <p class="muted">Waiting for quotes…</p>}
      </section>
      <section aria-label="Candlesticks" class="wide">
        <h2>Candlesticks</h2>
        <div class="filters">
          <label>
            Symbol
            <select
              value={symbol}
              onChange={(event) => setSymbol((event.currentTarget as HTMLSelectElement).value)}
            >
              {(stats.data?.symbols ?? [symbol]).map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            SMA
            <input
              type="number"
              min={2}
              max={200}
              value={overlays.sma}
              onChange={(event) =>
                setOverlays({
                  ...overlays,
                  sma: Number((event.currentTarget as HTMLInputElement).value) || 20,
                })
              }
            />
          </label>
          <label>
            EMA
            <input
              type="number"
              min={2}
              max={200}
              value={overlays.ema}
              onChange={(event) =>
                setOverlays({
                  ...overlays,
                  ema: Number((event.currentTarget as HTMLInputElement).value) || 9,
                })
              }
            />
          </label>
        </div>
        {chartError && <p class="error">The chart failed to load: {chartError}</p>}
        <LoadState resource={bars}>
          {(rows) =>
            rows.length === 0 ? (
              <p class="muted">No bar yet for {symbol}.</p>
            ) : Chart ? (
              <Chart bars={rows} timeZone={currentTimeZone()} overlays={overlays} />
            ) : (
              <p class="loading">Loading the chart…</p>
            )
          }
        </LoadState>
      </section>
      <section aria-label="Data quality">
        <h2>Data quality</h2>
        <LoadState resource={quality}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Score</th>
                  <th scope="col">Complete</th>
                  <th scope="col">Rejected</th>
                  <th scope="col">Silent for</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.symbol}-${row.provider}`}>
                    <td>{row.symbol}</td>
                    <td>{row.provider}</td>
                    <td class="number">{row.score.toFixed(1)}</td>
                    <td class="number">{(row.completeness * 100).toFixed(1)}%</td>
                    <td class="number">
                      {row.rejected}/{row.received}
                    </td>
                    <td class="number">{(row.silentMilliseconds / 1000).toFixed(1)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Providers">
        <h2>Providers</h2>
        <LoadState resource={stats}>
          {(state) => (
            <p>
              {state.quotesAccepted.toLocaleString()} quotes accepted, {state.quotesRejected.toLocaleString()}{' '}
              refused, for {state.symbols.join(', ')}.
            </p>
          )}
        </LoadState>
        <h3>Failovers</h3>
        <LoadState resource={failovers}>
          {(rows) =>
            rows.length === 0 ? (
              <p class="muted">No failover.</p>
            ) : (
              <ul class="feed">
                {rows.map((row, index) => (
                  <li key={index}>
                    {time(row.at ?? row.time ?? row.occurredAt)} · {String(row.from ?? '')} →{' '}
                    {String(row.to ?? '')} {String(row.reason ?? '')}
                  </li>
                ))}
              </ul>
            )
          }
        </LoadState>
      </section>
    </div>
  );
}
