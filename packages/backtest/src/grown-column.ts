// Growing a typed-array column by copying into a larger one: the order and fill logs keep their values in
// columns that double when full.

/** A copy of `column` with room for `size` values. */
export function grownColumn(column: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const larger = new Float64Array(size);
  larger.set(column);
  return larger;
}
