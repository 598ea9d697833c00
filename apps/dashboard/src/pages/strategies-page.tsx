// Strategies: each strategy's state, parameters, symbols and PnL, and the signals they emit (live);
// enabling or disabling one (trade permission, after a confirmation; the server records it in the audit trail).

import { api } from '../api/api-client.js';
import { useLiveList } from '../api/live-list.js';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { money, price, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';

interface StrategyRow {
  id: string;
  kind: string;
  parameters: Record<string, unknown>;
  symbols: string[];
  enabled: boolean;
  realizedPnl: string;
  unrealizedPnl: string;
  commissions: string;
}

interface SignalRow {
  id?: string;
  signalId?: string;
  strategyId: string;
  symbol: string;
  direction?: string;
  signalType?: string;
  strength: number;
  createdAt?: number;
  occurredAt?: number;
}

function StrategySwitch(props: { row: StrategyRow; mayTrade: boolean; onChanged: () => void }) {
  const { row } = props;
  const next = !row.enabled;
  return (
    <ConfirmButton
      label={next ? 'Enable' : 'Disable'}
      danger={!next}
      testId={`strategy-switch-${row.id}`}
      deniedReason={
        props.mayTrade ? undefined : 'Enabling or disabling a strategy needs the trade permission'
      }
      question={
        next
          ? `Enable ${row.id}? It starts signalling on its next bar.`
          : `Disable ${row.id}? It stops signalling at once; its open positions stay as they are.`
      }
      action={() =>
        api(`strategy-engine/strategies/${encodeURIComponent(row.id)}/enabled`, 'PUT', {
          enabled: next,
          reason: `${next ? 'enabled' : 'disabled'} from the dashboard`,
        })
      }
      onDone={props.onChanged}
    />
  );
}

export function StrategiesPage(props: PageProps) {
  const mayTrade = roleMay(props.principal.role, 'trade');
  const strategies = useResource<StrategyRow[]>('strategy-engine/strategies', {
    reloadOn: ['trades.executed'],
  });
  const signals = useResource<SignalRow[]>('strategy-engine/signals?limit=50', { reloadOn: ['signals.'] });
  const assessments = useLiveList('risk.assessments', 30);
  return (
    <div class="grid">
      <section aria-label="Strategies" class="wide">
        <h2>Strategies</h2>
        <LoadState resource={strategies}>
          {(rows) => (
            <table data-testid="strategies">
              <thead>
                <tr>
                  <th scope="col">Strategy</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Parameters</th>
                  <th scope="col">Symbols</th>
                  <th scope="col">State</th>
                  <th scope="col">Realized</th>
                  <th scope="col">Unrealized</th>
                  <th scope="col">Commissions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td>{row.id}</td>
                    <td>{row.kind}</td>
                    <td>
                      <code>
                        {Object.entries(row.parameters)
                          .map(([name, value]) => `${name}=${String(value)}`)
                          .join(' ')}
                      </code>
                    </td>
                    <td>{row.symbols.join(', ')}</td>
                    <td
                      data-testid={`strategy-state-${row.id}`}
                      data-state={row.enabled ? 'enabled' : 'disabled'}
                    >
                      {row.enabled ? 'enabled' : 'disabled'}{' '}
                      <StrategySwitch row={row} mayTrade={mayTrade} onChanged={strategies.reload} />
                    </td>
                    <td class="number">{money(row.realizedPnl)}</td>
                    <td class="number">{money(row.unrealizedPnl)}</td>
                    <td class="number">{money(row.commissions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
      </section>
      <section aria-label="Signals">
        <h2>Signals</h2>
        <LoadState resource={signals}>
          {(rows) =>
            rows.length === 0 ? (
              <p class="muted">No signal yet.</p>
            ) : (
              <div class="scroll short">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Strategy</th>
                      <th scope="col">Symbol</th>
                      <th scope="col">Direction</th>
                      <th scope="col">Strength</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row, index) => (
                      <tr key={row.signalId ?? row.id ?? index}>
                        <td>{time(row.createdAt ?? row.occurredAt)}</td>
                        <td>{row.strategyId}</td>
                        <td>{row.symbol}</td>
                        <td>{row.direction ?? row.signalType}</td>
                        <td class="number">{Number(row.strength).toFixed(2)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </LoadState>
      </section>
      <section aria-label="Risk decisions">
        <h2>Risk decisions on signals (live)</h2>
        {assessments.length === 0 ? (
          <p class="muted">None since this page opened.</p>
        ) : (
          <ul class="feed">
            {assessments.map((event) => (
              <li key={String(event.data.id)}>
                {time(event.data.occurredAt)} · {String(event.data.type)} · {String(event.data.symbol ?? '')}{' '}
                {event.data.referencePrice ? `@ ${price(event.data.referencePrice)}` : ''}{' '}
                {String(event.data.reason ?? event.data.reasonCode ?? '')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
