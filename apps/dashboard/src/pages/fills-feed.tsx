// The live fills feed (trades.executed), shared by the Overview and the Positions and orders page.
import { useLiveList } from '../api/live-list.js';
import { money, price, time } from '../components/formats.js';

export function FillsFeed() {
  const fills = useLiveList('trades.executed', 30);
  if (fills.length === 0) return <p class="muted">No fill since this page opened.</p>;
  return (
    <table data-testid="fills-feed">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Symbol</th>
          <th scope="col">Side</th>
          <th scope="col">Quantity</th>
          <th scope="col">Price</th>
          <th scope="col">Commission</th>
          <th scope="col">Strategy</th>
        </tr>
      </thead>
      <tbody>
        {fills.map((fill) => (
          <tr key={String(fill.data.id)} data-testid="fill-row">
            <td>{time(fill.data.occurredAt)}</td>
            <td>{String(fill.data.symbol)}</td>
            <td class={fill.data.side === 'BUY' ? 'positive' : 'negative'}>{String(fill.data.side)}</td>
            <td class="number">{String(fill.data.lastQuantity)}</td>
            <td class="number">{price(fill.data.lastPrice)}</td>
            <td class="number">{money(fill.data.commission)}</td>
            <td>{String(fill.data.strategyId)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
