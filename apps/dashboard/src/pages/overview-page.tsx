// Overview: equity and drawdown (today, live; history from daily snapshots), cash, exposure, PnL by
// strategy, the market's state and the latest alerts and fills.
import { timeSeriesChart } from '@ats/charts';
import { useLiveList } from '../api/live-list.js';
import { drawdownOf, useLivePortfolio } from '../api/live-portfolio.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { currentTimeZone, money, price, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { SvgChart } from '../components/svg-chart.js';
import { FillsFeed } from './fills-feed.js';

interface CalendarStatus {
  phase: string;
  open: boolean;
  date: string;
  nextOpen: string | null;
  nextClose: string | null;
}

interface StrategyView {
  id: string;
  realizedPnl: string;
  unrealizedPnl: string;
  enabled: boolean;
}

interface Snapshot {
  date: string;
  totalValue: string;
}

export function OverviewPage(_props: PageProps) {
  const { portfolio, curve } = useLivePortfolio();
  const calendar = useResource<CalendarStatus>('scheduler/calendar/status', { every: 30_000 });
  const strategies = useResource<StrategyView[]>('strategy-engine/strategies', {
    reloadOn: ['trades.executed'],
  });
  const snapshots = useResource<Snapshot[]>('trade-executor/portfolio/snapshots');
  const alerts = useLiveList('risk.alerts', 20);
  const equity = portfolio ? Number(portfolio.equity) : Number.NaN;
  const exposure = portfolio
    ? portfolio.positions.reduce((sum, position) => sum + Math.abs(Number(position.marketValue)), 0)
    : Number.NaN;
  const zone = currentTimeZone();

  return (
    <div class="grid">
      <section class="cards" aria-label="Account">
        <div class="card">
          <span>Equity</span>
          <strong data-testid="equity">{portfolio ? money(portfolio.equity) : '…'}</strong>
        </div>
        <div class="card">
          <span>Cash</span>
          <strong data-testid="cash">{portfolio ? money(portfolio.cash) : '…'}</strong>
        </div>
        <div class="card">
          <span>Exposure</span>
          <strong>
            {Number.isFinite(exposure)
              ? `${money(exposure)} (${((exposure / equity) * 100).toFixed(1)}%)`
              : '…'}
          </strong>
        </div>
        <div class="card">
          <span>Unrealized PnL</span>
          <strong class={Number(portfolio?.unrealizedPnl) < 0 ? 'negative' : 'positive'}>
            {portfolio ? money(portfolio.unrealizedPnl) : '…'}
          </strong>
        </div>
        <div class="card">
          <span>Realized PnL</span>
          <strong>{portfolio ? money(portfolio.realizedPnl) : '…'}</strong>
        </div>
        <div class="card">
          <span>Market</span>
          <LoadState resource={calendar}>
            {(status) => (
              <strong data-testid="market-state">
                {status.open ? `open (${status.phase})` : 'closed'}
                <small>
                  {status.open
                    ? ` · closes ${time(status.nextClose, false)}`
                    : ` · opens ${time(status.nextOpen, false)}`}
                </small>
              </strong>
            )}
          </LoadState>
        </div>
      </section>
      <section aria-label="Equity today">
        <h2>Equity today (live)</h2>
        <SvgChart
          testId="equity-chart"
          svg={timeSeriesChart({
            title: 'Equity today',
            series: [{ label: 'equity', color: '#1570ef', points: curve }],
            format: 'currency',
            timeZone: zone,
            intraday: true,
            height: 220,
          })}
        />
        <SvgChart
          svg={timeSeriesChart({
            title: 'Drawdown today',
            series: [{ label: 'drawdown', color: '#f04438', points: drawdownOf(curve), area: true }],
            format: 'percent',
            timeZone: zone,
            intraday: true,
            height: 140,
          })}
        />
      </section>
      <section aria-label="Equity history">
        <h2>Equity history (daily snapshots)</h2>
        <LoadState resource={snapshots}>
          {(rows) => {
            const points = rows.map((row) => ({ time: Date.parse(row.date), value: Number(row.totalValue) }));
            return rows.length === 0 ? (
              <p class="muted">No end-of-day snapshot yet (one is taken after each close).</p>
            ) : (
              <>
                <SvgChart
                  svg={timeSeriesChart({
                    title: 'Equity history',
                    series: [{ label: 'equity', color: '#1570ef', points }],
                    format: 'currency',
                    timeZone: zone,
                  })}
                />
                <SvgChart
                  svg={timeSeriesChart({
                    title: 'Drawdown history',
                    series: [{ label: 'drawdown', color: '#f04438', points: drawdownOf(points), area: true }],
                    format: 'percent',
                    timeZone: zone,
                    height: 140,
                  })}
                />
              </>
            );
          }}
        </LoadState>
      </section>
      <section aria-label="PnL by strategy">
        <h2>PnL by strategy</h2>
        <LoadState resource={strategies}>
          {(rows) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">Strategy</th>
                  <th scope="col">Realized</th>
                  <th scope="col">Unrealized</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td>{row.id}</td>
                    <td class="number">{money(row.realizedPnl)}</td>
                    <td class="number">{money(row.unrealizedPnl)}</td>
                    <td>{row.enabled ? 'enabled' : 'disabled'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Recent fills">
        <h2>Fills (live)</h2>
        <FillsFeed />
      </section>
      <section aria-label="Alerts">
        <h2>Alerts (live)</h2>
        {alerts.length === 0 ? (
          <p class="muted">No alert since this page opened.</p>
        ) : (
          <ul class="feed">
            {alerts.map((alert) => (
              <li key={String(alert.data.id)} class={`severity-${String(alert.data.severity)}`}>
                {time(alert.data.occurredAt)} · {String(alert.data.severity)} · {String(alert.data.code)}:{' '}
                {String(alert.data.message)}
              </li>
            ))}
          </ul>
        )}
        {portfolio && portfolio.positions.length > 0 && (
          <p class="muted">
            Positions:{' '}
            {portfolio.positions
              .map(
                (position) => `${position.symbol} ${position.netQuantity} @ ${price(position.marketPrice)}`,
              )
              .join(', ')}
          </p>
        )}
      </section>
    </div>
  );
}
