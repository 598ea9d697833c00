// Nets executions into positions per symbol, with the average cost of what is still held.
import { Price, type Ticker, type VenueExecution, type VenuePosition } from '@ats/core';

/** Signed net quantity and average cost per symbol, from executions in time order; flat symbols left out. */
export function netPositions(executions: readonly VenueExecution[]): VenuePosition[] {
  const books = new Map<Ticker, { quantity: number; costRaw: number }>();
  for (const execution of executions) {
    const book = books.get(execution.symbol) ?? { quantity: 0, costRaw: 0 };
    const signed = execution.side === 'BUY' ? execution.quantity.value : -execution.quantity.value;
    const after = book.quantity + signed;
    if (book.quantity === 0 || Math.sign(book.quantity) === Math.sign(signed)) {
      // Opening or adding: the cost grows by what this execution paid.
      book.costRaw += execution.price.raw * Math.abs(signed);
    } else if (Math.sign(after) === Math.sign(book.quantity) || after === 0) {
      // Reducing: the remaining shares keep their average cost.
      book.costRaw = after === 0 ? 0 : Math.round((book.costRaw * Math.abs(after)) / Math.abs(book.quantity));
    } else {
      // Flipped through zero: the new position was opened at this execution's price.
      book.costRaw = execution.price.raw * Math.abs(after);
    }
    book.quantity = after;
    books.set(execution.symbol, book);
  }
  return [...books.entries()]
    .filter(([, book]) => book.quantity !== 0)
    .map(([symbol, book]) => ({
      symbol,
      netQuantity: book.quantity,
      averageCost: Price.fromRaw(Math.round(book.costRaw / Math.abs(book.quantity))),
    }));
}
