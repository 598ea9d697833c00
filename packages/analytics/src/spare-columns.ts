// Float64 columns of finished runs, kept for the next run of the process: a backtest of a million time
// steps writes its curves into columns of a million values, and memory a process touches for the first
// time costs a page fault per 4 KB page (11-15 µs each on the bench's virtual machine: some 30 ms for
// an 8 MB column). A column taken from here is already mapped.

export class SpareColumns {
  private readonly spare: Float64Array<ArrayBuffer>[] = [];

  /** Keeps at most `kept` columns (the largest given, when more are given back than it keeps). */
  constructor(private readonly kept: number) {}

  /**
   * A column of exactly `length` values: a view of the smallest spare column that holds them (a small
   * need does not take a large one), or a new one. A reused column holds the values of its last run:
   * its taker must read only what it wrote.
   */
  take(length: number): Float64Array<ArrayBuffer> {
    let best = -1;
    for (let index = 0; index < this.spare.length; index++) {
      const size = (this.spare[index] as Float64Array).length;
      if (size >= length && (best < 0 || size < (this.spare[best] as Float64Array).length)) best = index;
    }
    if (best < 0) return new Float64Array(length);
    const whole = this.spare.splice(best, 1)[0] as Float64Array<ArrayBuffer>;
    return whole.length === length ? whole : new Float64Array(whole.buffer, 0, length);
  }

  /**
   * A column nothing reads any more, for a later `take`: the whole of its memory (a view `take` gave
   * goes back with the rest of its buffer). Only for columns made by `take` or by the giver alone.
   */
  give(column: Float64Array<ArrayBuffer>): void {
    const whole =
      column.byteOffset === 0 && column.byteLength === column.buffer.byteLength
        ? column
        : new Float64Array(column.buffer);
    if (this.spare.length < this.kept) {
      this.spare.push(whole);
      return;
    }
    // Full: the smallest kept column makes room for a larger one.
    let smallest = 0;
    for (let index = 1; index < this.spare.length; index++)
      if ((this.spare[index] as Float64Array).length < (this.spare[smallest] as Float64Array).length)
        smallest = index;
    if ((this.spare[smallest] as Float64Array).length < whole.length) this.spare[smallest] = whole;
  }

  /** How many columns are kept now. */
  get size(): number {
    return this.spare.length;
  }
}
