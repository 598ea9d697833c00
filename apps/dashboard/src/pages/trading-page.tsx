// Positions and orders: live positions with unrealized PnL, the order blotter with filters, an order's
// detail with its fills and live events, manual order entry, cancel, cancel all and flatten (trade
// permission, each behind a confirmation).
import { useState } from 'preact/hooks';
import { api } from '../api/api-client.js';
import { useLiveList } from '../api/live-list.js';
import { useLivePortfolio } from '../api/live-portfolio.js';
import { roleMay } from '../api/session.js';
import { useResource } from '../api/use-resource.js';
import type { PageProps } from '../app.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { money, price, time } from '../components/formats.js';
import { LoadState } from '../components/load-state.js';
import { FillsFeed } from './fills-feed.js';
import { OrderEntry } from './order-entry.js';

export interface OrderRow {
  id: string;
  symbol: string;
  orderType: string;
  side: string;
  quantity: number;
  filledQuantity: number;
  price: string | null;
  stopPrice: string | null;
  averageFillPrice: string | null;
  status: string;
  statusReason: string | null;
  timeInForce: string;
  strategyId: string;
  origin: string;
  createdAt: number;
  commission: string;
}

interface TradeRow {
  id: string;
  orderId: string;
  symbol: string;
  side: string;
  quantity: number;
  executedPrice: string;
  commission: string;
  executedAt: number;
}

const workingStatuses = new Set([
  'INITIALIZED',
  'SUBMITTED',
  'ACCEPTED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
]);
const statuses = ['', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'DENIED', 'EXPIRED'];

function OrderDetail(props: { order: OrderRow; onClose: () => void }) {
  const trades = useResource<TradeRow[]>(`trade-executor/trades?symbol=${props.order.symbol}&limit=200`);
  const events = useLiveList('orders.events', 200).filter((event) => event.data.orderId === props.order.id);
  return (
    <section class="detail" aria-label={`Order ${props.order.id}`} data-testid="order-detail">
      <h3>
        Order {props.order.id.slice(0, 8)} · {props.order.side} {props.order.quantity} {props.order.symbol}{' '}
        {props.order.orderType} · {props.order.status}
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </h3>
      <dl>
        <dt>Limit</dt>
        <dd>{price(props.order.price)}</dd>
        <dt>Stop</dt>
        <dd>{price(props.order.stopPrice)}</dd>
        <dt>Average fill</dt>
        <dd>{price(props.order.averageFillPrice)}</dd>
        <dt>Filled</dt>
        <dd>
          {props.order.filledQuantity} / {props.order.quantity}
        </dd>
        <dt>Time in force</dt>
        <dd>{props.order.timeInForce}</dd>
        <dt>Origin</dt>
        <dd>
          {props.order.origin} ({props.order.strategyId})
        </dd>
        <dt>Reason</dt>
        <dd>{props.order.statusReason ?? '—'}</dd>
        <dt>Created</dt>
        <dd>{time(props.order.createdAt)}</dd>
      </dl>
      <h4>Fills</h4>
      <LoadState resource={trades}>
        {(rows) => {
          const mine = rows.filter((trade) => trade.orderId === props.order.id);
          return mine.length === 0 ? (
            <p class="muted">No fill.</p>
          ) : (
            <ul>
              {mine.map((trade) => (
                <li key={trade.id}>
                  {time(trade.executedAt)} · {trade.side} {trade.quantity} @ {price(trade.executedPrice)} ·
                  commission {money(trade.commission)}
                </li>
              ))}
            </ul>
          );
        }}
      </LoadState>
      <h4>Events seen live</h4>
      {events.length === 0 ? (
        <p class="muted">None since this page opened.</p>
      ) : (
        <ul>
          {events.map((event) => (
            <li key={String(event.data.id)}>
              {time(event.data.occurredAt)} · {String(event.data.type)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TradingPage(props: PageProps) {
  const { portfolio } = useLivePortfolio();
  const [symbol, setSymbol] = useState('');
  const [status, setStatus] = useState('');
  const [selected, setSelected] = useState<OrderRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const query = `trade-executor/orders?limit=100${symbol ? `&symbol=${encodeURIComponent(symbol)}` : ''}${status ? `&status=${status}` : ''}`;
  const orders = useResource<OrderRow[]>(query, { reloadOn: ['orders.events'] });
  const mayTrade = roleMay(props.principal.role, 'trade');
  const denied = mayTrade ? undefined : `the ${props.principal.role} role may not trade`;

  return (
    <div class="grid">
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <section aria-label="Positions">
        <h2>Positions (live)</h2>
        {!portfolio ? (
          <p class="loading">Loading…</p>
        ) : portfolio.positions.filter((position) => position.netQuantity !== 0).length === 0 ? (
          <p class="muted">No open position.</p>
        ) : (
          <table data-testid="positions">
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col">Quantity</th>
                <th scope="col">Average cost</th>
                <th scope="col">Price</th>
                <th scope="col">Market value</th>
                <th scope="col">Unrealized</th>
                <th scope="col">Realized</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {portfolio.positions
                .filter((position) => position.netQuantity !== 0)
                .map((position) => (
                  <tr key={position.symbol}>
                    <td>{position.symbol}</td>
                    <td class="number">{position.netQuantity}</td>
                    <td class="number">{price(position.averageCost)}</td>
                    <td class="number">{price(position.marketPrice)}</td>
                    <td class="number">{money(position.marketValue)}</td>
                    <td class={`number ${Number(position.unrealizedPnl) < 0 ? 'negative' : 'positive'}`}>
                      {money(position.unrealizedPnl)}
                    </td>
                    <td class="number">{money(position.realizedPnl)}</td>
                    <td>
                      <ConfirmButton
                        label={`Flatten ${position.symbol}`}
                        question={`Close the whole ${position.symbol} position (${position.netQuantity}) at market?`}
                        deniedReason={denied}
                        danger
                        action={() => api(`trade-executor/positions/${position.symbol}/flatten`, 'POST')}
                        onDone={setNotice}
                      />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
        <div class="actions">
          <ConfirmButton
            label="Flatten all"
            question="Close every position at market?"
            deniedReason={denied}
            danger
            testId="flatten-all"
            action={() => api('trade-executor/positions/flatten', 'POST')}
            onDone={setNotice}
          />
          <ConfirmButton
            label="Cancel all orders"
            question="Cancel every working order?"
            deniedReason={denied}
            danger
            testId="cancel-all"
            action={() => api('trade-executor/orders', 'DELETE')}
            onDone={(outcome) => {
              setNotice(outcome);
              orders.reload();
            }}
          />
        </div>
      </section>
      <section aria-label="Manual order">
        <h2>Manual order</h2>
        <OrderEntry
          deniedReason={denied}
          onPlaced={(message) => {
            setNotice(message);
            orders.reload();
          }}
        />
      </section>
      <section aria-label="Orders" class="wide">
        <h2>Orders</h2>
        <div class="filters">
          <label>
            Symbol
            <input
              value={symbol}
              placeholder="all"
              size={8}
              onChange={(event) =>
                setSymbol((event.currentTarget as HTMLInputElement).value.toUpperCase().trim())
              }
            />
          </label>
          <label>
            Status
            <select
              value={status}
              onChange={(event) => setStatus((event.currentTarget as HTMLSelectElement).value)}
            >
              {statuses.map((value) => (
                <option key={value} value={value}>
                  {value || 'all'}
                </option>
              ))}
            </select>
          </label>
        </div>
        {selected && <OrderDetail order={selected} onClose={() => setSelected(null)} />}
        <LoadState resource={orders}>
          {(rows) =>
            rows.length === 0 ? (
              <p class="muted">No order.</p>
            ) : (
              <div class="scroll">
                <table data-testid="orders">
                  <thead>
                    <tr>
                      <th scope="col">Created</th>
                      <th scope="col">Symbol</th>
                      <th scope="col">Side</th>
                      <th scope="col">Type</th>
                      <th scope="col">Quantity</th>
                      <th scope="col">Limit</th>
                      <th scope="col">Status</th>
                      <th scope="col">Origin</th>
                      <th scope="col">
                        <span class="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((order) => (
                      <tr
                        key={order.id}
                        data-testid="order-row"
                        data-order-id={order.id}
                        data-status={order.status}
                      >
                        <td>{time(order.createdAt)}</td>
                        <td>{order.symbol}</td>
                        <td>{order.side}</td>
                        <td>{order.orderType}</td>
                        <td class="number">
                          {order.filledQuantity}/{order.quantity}
                        </td>
                        <td class="number">{price(order.price)}</td>
                        <td>{order.status}</td>
                        <td>{order.origin}</td>
                        <td>
                          <button type="button" onClick={() => setSelected(order)}>
                            Detail
                          </button>
                          {workingStatuses.has(order.status) && (
                            <ConfirmButton
                              label="Cancel"
                              question={`Cancel ${order.side} ${order.quantity} ${order.symbol}?`}
                              deniedReason={denied}
                              testId="cancel-order"
                              action={() => api(`trade-executor/orders/${order.id}`, 'DELETE')}
                              onDone={(outcome) => {
                                setNotice(outcome);
                                orders.reload();
                              }}
                            />
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
      </section>
      <section aria-label="Fills" class="wide">
        <h2>Fills (live)</h2>
        <FillsFeed />
      </section>
    </div>
  );
}
