// VaR over time from an equity curve: at each point, the historical-simulation VaR of the current
// equity under the simple returns of the preceding window (what a backtest report charts).

/**
 * For each point t ≥ window: returns rₛ = Eₛ/Eₛ₋₁ - 1 for s in (t - window, t], scenario P&L Eₜ·rₛ,
 * VaR = the k-th largest loss with k = ⌈window (1 - c)⌉ (as historicalVar). NaN before a full window
 * and where the equity is not positive (no return to take).
 *
 * Eₜ > 0 scales every scenario alike, so the k-th largest loss is −Eₜ × (the k-th smallest return of
 * the window). The k smallest returns are kept as the window slides: only when one of them leaves is
 * the window scanned again (rare for k ≪ window), so a run costs about O(n·k) instead of sorting a
 * window at every point (a backtest of a million bars spent most of its time here).
 */
export function rollingHistoricalVar(
  equity: ArrayLike<number>,
  window: number,
  confidence: number,
): Float64Array {
  if (!(Number.isInteger(window) && window >= 2))
    throw new RangeError(`rolling VaR window must be a whole number ≥ 2, got ${window}`);
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`rolling VaR confidence must be in (0.5, 1), got ${confidence}`);
  // The same tail count as empiricalTail (the epsilon keeps 100 × 0.05 from counting as 6).
  const tail = Math.max(1, Math.ceil(window * (1 - confidence) - 1e-9));
  return slide(equity instanceof Float64Array ? equity : Float64Array.from(equity), window, tail);
}

/** rₜ = Eₜ/Eₜ₋₁ − 1; NaN at t = 0 and where Eₜ₋₁ is not positive. */
function returnAt(equity: Float64Array, t: number): number {
  if (t === 0) return Number.NaN;
  const previous = equity[t - 1] as number;
  return previous > 0 ? (equity[t] as number) / previous - 1 : Number.NaN;
}

/**
 * The VaR at each point from the window of returns sliding over the curve (NaN where there is none).
 * The window's returns live in a ring of `window` values (in the processor's nearest cache), not in a
 * column as long as the curve: a fresh million-point column cost about 2,000 page faults (7 ms here)
 * before its first pass. Its own small function: this runs once per backtest, and a loop inside a
 * function called that rarely ran in the interpreter until compiled on the stack, at every run.
 */
function slide(equity: Float64Array, window: number, tail: number): Float64Array {
  const length = equity.length;
  const result = new Float64Array(length);
  result.fill(Number.NaN, 0, Math.min(window, length));
  const smallest = new Float64Array(tail);
  // Return s sits at s % window: the ring holds returns (t − window, t] at time t.
  const ring = new Float64Array(window);
  let valid = false;
  // NaN returns inside the current window (the window is then unusable).
  let missing = 0;
  for (let s = 1; s <= Math.min(window, length - 1); s++) {
    const value = returnAt(equity, s);
    ring[s % window] = value;
    if (Number.isNaN(value)) missing++;
  }
  for (let t = window; t < length; t++) {
    if (t > window) {
      const slot = t % window;
      const leaving = ring[slot] as number;
      const entering = returnAt(equity, t);
      ring[slot] = entering;
      if (Number.isNaN(leaving)) missing--;
      if (Number.isNaN(entering)) missing++;
      // The same return leaving and entering leaves the window's values as they were (a flat curve:
      // every return 0, which would otherwise rebuild at each point). Returns are never −0 (x − 1 is +0
      // when x is 1), so equal here means the same value.
      if (valid && leaving !== entering) {
        // A leaving value at or below the k-th may have been one of the k: rebuild from the window.
        if (Number.isNaN(entering) || !(leaving > (smallest[tail - 1] as number))) valid = false;
        else if (entering < (smallest[tail - 1] as number)) insertSorted(smallest, entering);
      }
    }
    if (missing > 0) {
      valid = false;
      result[t] = Number.NaN;
      continue;
    }
    if (!valid) {
      smallestOf(ring, smallest);
      valid = true;
    }
    const current = equity[t] as number;
    result[t] = current > 0 ? -(current * (smallest[tail - 1] as number)) : Number.NaN;
  }
  return result;
}

/** Puts `value` into the ascending `smallest`, dropping its largest. */
function insertSorted(smallest: Float64Array, value: number): void {
  let position = smallest.length - 1;
  while (position > 0 && (smallest[position - 1] as number) > value) {
    smallest[position] = smallest[position - 1] as number;
    position--;
  }
  smallest[position] = value;
}

/** The `smallest.length` smallest of `values` (the window's returns, in any order), ascending. */
function smallestOf(values: Float64Array, smallest: Float64Array): void {
  smallest.fill(Number.POSITIVE_INFINITY);
  const last = smallest.length - 1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (value < (smallest[last] as number)) insertSorted(smallest, value);
  }
}
