// Correlations of the instruments' recent returns, kept incrementally for the correlation-adjusted
// exposure check. Method: one row of simple close-to-close returns per bar time (a symbol without a bar
// at that time, or without an earlier close, contributes 0); over the last `window` rows, the Pearson
// correlation from running sums Σx, Σx², Σxy, updated per row by adding the new row and removing the
// evicted one (O(n²) per row, O(1) per lookup). The sums are recomputed from the window every
// `window` rows so floating-point drift cannot build up. The sums are kept only once a correlation has
// been asked for (the correlated-exposure check is configured): until then a row costs O(n), not
// O(n²), which a backtest over hundreds of symbols would otherwise pay on every bar time.
export class ReturnCorrelations {
  private readonly count: number;
  private readonly rows: Float64Array;
  private readonly sum: Float64Array;
  private readonly sumSquares: Float64Array;
  private readonly sumProducts: Float64Array;
  private readonly previousClose: Float64Array;
  private readonly rowClose: Float64Array;
  private readonly returns: Float64Array;
  private rowTime = Number.NEGATIVE_INFINITY;
  private committed = 0;
  /** Whether the running sums are kept (from the first correlation asked for on). */
  private tracking = false;

  constructor(
    private readonly indexOf: ReadonlyMap<string, number>,
    private readonly window: number,
    private readonly minimumSamples: number,
  ) {
    const n = indexOf.size;
    this.count = n;
    this.rows = new Float64Array(window * n);
    this.sum = new Float64Array(n);
    this.sumSquares = new Float64Array(n);
    this.sumProducts = new Float64Array(n * n);
    this.previousClose = new Float64Array(n).fill(Number.NaN);
    this.rowClose = new Float64Array(n).fill(Number.NaN);
    this.returns = new Float64Array(n);
  }

  /** How many return rows the window holds now. */
  get samples(): number {
    return Math.min(this.committed, this.window);
  }

  /** A bar of `symbol` closed at `close` at `time`; a later time first commits the row of the earlier. */
  onClose(symbol: string, time: number, close: number): void {
    // One instrument has no pair: its correlation with itself is 1 whatever its returns (a backtest
    // of one symbol paid a row per bar for nothing, about 2% of the run).
    if (this.count < 2) return;
    const index = this.indexOf.get(symbol);
    if (index === undefined || !(close > 0)) return;
    if (time > this.rowTime) {
      if (this.rowTime !== Number.NEGATIVE_INFINITY) this.commitRow();
      this.rowTime = time;
    }
    this.rowClose[index] = close;
  }

  /** Correlation of two instruments' returns; null until minimumSamples rows are in the window. */
  correlation(first: number, second: number): number | null {
    if (first === second) return 1;
    const m = this.samples;
    if (m < this.minimumSamples || m < 2) return null;
    if (!this.tracking) {
      this.tracking = true;
      this.recomputeSums();
    }
    const n = this.count;
    const sx = this.sum[first] as number;
    const sy = this.sum[second] as number;
    const varianceX = m * (this.sumSquares[first] as number) - sx * sx;
    const varianceY = m * (this.sumSquares[second] as number) - sy * sy;
    if (varianceX <= 0 || varianceY <= 0) return null;
    const covariance = m * (this.sumProducts[first * n + second] as number) - sx * sy;
    const rho = covariance / Math.sqrt(varianceX * varianceY);
    return Math.min(1, Math.max(-1, rho));
  }

  private commitRow(): void {
    const n = this.count;
    const returns = this.returns;
    for (let index = 0; index < n; index++) {
      const close = this.rowClose[index] as number;
      const previous = this.previousClose[index] as number;
      returns[index] = Number.isNaN(close) || Number.isNaN(previous) ? 0 : close / previous - 1;
      if (!Number.isNaN(close)) this.previousClose[index] = close;
      this.rowClose[index] = Number.NaN;
    }
    const slot = (this.committed % this.window) * n;
    if (this.tracking && this.committed >= this.window) this.accumulate(slot, -1);
    this.rows.set(returns, slot);
    if (this.tracking) this.accumulate(slot, 1);
    this.committed++;
    if (this.tracking && this.committed % this.window === 0) this.recomputeSums();
  }

  /** Adds (sign 1) or removes (sign -1) the row at `slot` to the running sums. */
  private accumulate(slot: number, sign: number): void {
    const n = this.count;
    const rows = this.rows;
    for (let i = 0; i < n; i++) {
      const x = rows[slot + i] as number;
      if (x === 0) continue;
      this.sum[i] = (this.sum[i] as number) + sign * x;
      this.sumSquares[i] = (this.sumSquares[i] as number) + sign * x * x;
      for (let j = 0; j < n; j++) {
        const y = rows[slot + j] as number;
        if (y !== 0) this.sumProducts[i * n + j] = (this.sumProducts[i * n + j] as number) + sign * x * y;
      }
    }
  }

  private recomputeSums(): void {
    this.sum.fill(0);
    this.sumSquares.fill(0);
    this.sumProducts.fill(0);
    const filled = Math.min(this.committed, this.window);
    for (let row = 0; row < filled; row++) this.accumulate(row * this.count, 1);
  }
}
