// Manual order entry: symbol, side, quantity, type, prices and time in force; confirmed before it is sent
// to POST /api/trade-executor/orders (which passes the same risk checks as a strategy's order).
import { useRef, useState } from 'preact/hooks';
import { api } from '../api/api-client.js';

interface Terms {
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  type: 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT';
  limitPrice?: string;
  stopPrice?: string;
  timeInForce: 'DAY' | 'GTC' | 'IOC' | 'FOK';
}

export function OrderEntry(props: { deniedReason: string | undefined; onPlaced: (message: string) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [terms, setTerms] = useState<Terms | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [type, setType] = useState<Terms['type']>('LIMIT');

  const review = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next: Terms = {
      symbol: String(form.get('symbol')).trim().toUpperCase(),
      side: form.get('side') === 'SELL' ? 'SELL' : 'BUY',
      quantity: Number(form.get('quantity')),
      type,
      timeInForce: String(form.get('timeInForce')) as Terms['timeInForce'],
    };
    if (type === 'LIMIT' || type === 'STOP_LIMIT') next.limitPrice = String(form.get('limitPrice'));
    if (type === 'STOP' || type === 'STOP_LIMIT') next.stopPrice = String(form.get('stopPrice'));
    setTerms(next);
    setError(null);
    dialog.current?.showModal();
  };

  const send = async () => {
    if (!terms) return;
    setBusy(true);
    try {
      const answer = await api<{ order?: { id: string; status: string }; orderId?: string }>(
        'trade-executor/orders',
        'POST',
        terms,
      );
      dialog.current?.close();
      props.onPlaced(
        `Order ${answer.order?.id ?? answer.orderId ?? ''} ${answer.order ? answer.order.status.toLowerCase() : 'pending'}`,
      );
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form class="order-entry" onSubmit={review} aria-label="Manual order">
        <label>
          Symbol
          <input name="symbol" required pattern="[A-Za-z][A-Za-z0-9.\-/]{0,9}" size={8} defaultValue="AAPL" />
        </label>
        <label>
          Side
          <select name="side">
            <option>BUY</option>
            <option>SELL</option>
          </select>
        </label>
        <label>
          Quantity
          <input name="quantity" type="number" min={1} step={1} required defaultValue="10" />
        </label>
        <label>
          Type
          <select
            name="type"
            value={type}
            onChange={(event) => setType((event.currentTarget as HTMLSelectElement).value as Terms['type'])}
          >
            <option>MARKET</option>
            <option>LIMIT</option>
            <option>STOP</option>
            <option>STOP_LIMIT</option>
          </select>
        </label>
        {(type === 'LIMIT' || type === 'STOP_LIMIT') && (
          <label>
            Limit price
            <input
              name="limitPrice"
              required
              inputMode="decimal"
              pattern="[0-9]{1,8}(\.[0-9]{1,4})?"
              size={9}
            />
          </label>
        )}
        {(type === 'STOP' || type === 'STOP_LIMIT') && (
          <label>
            Stop price
            <input
              name="stopPrice"
              required
              inputMode="decimal"
              pattern="[0-9]{1,8}(\.[0-9]{1,4})?"
              size={9}
            />
          </label>
        )}
        <label>
          Time in force
          <select name="timeInForce">
            <option>DAY</option>
            <option>GTC</option>
            <option>IOC</option>
            <option>FOK</option>
          </select>
        </label>
        <button
          type="submit"
          class="primary"
          disabled={props.deniedReason !== undefined}
          title={props.deniedReason}
          data-testid="review-order"
        >
          Review order
        </button>
      </form>
      <dialog ref={dialog} aria-label="Confirm order">
        {terms && (
          <p>
            Send {terms.side} {terms.quantity} {terms.symbol} {terms.type}
            {terms.limitPrice ? ` limit ${terms.limitPrice}` : ''}
            {terms.stopPrice ? ` stop ${terms.stopPrice}` : ''} ({terms.timeInForce})?
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" class="primary" disabled={busy} onClick={send} data-testid="send-order">
            {busy ? 'Sending…' : 'Yes, send'}
          </button>
        </div>
      </dialog>
    </>
  );
}
