// Quantile binning of feature columns (at most 255 bins), so tree splits scan histograms instead of sorting at every node.
import type { FeatureMatrix } from '../features/feature-pipeline.js';

export interface BinnedFeatures {
  /** Column-major bin numbers: bins[column * rows + row]. */
  readonly bins: Uint8Array;
  /** Per column, the upper edge of each bin but the last: a value ≤ edges[b] falls in bin ≤ b. */
  readonly edges: Float64Array[];
  readonly rows: number;
  readonly columns: number;
}

export function binFeatures(features: FeatureMatrix, maximumBins: number): BinnedFeatures {
  const { rows, columns, data } = features;
  const bins = new Uint8Array(rows * columns);
  const edges: Float64Array[] = [];
  const column = new Float64Array(rows);
  for (let c = 0; c < columns; c++) {
    for (let row = 0; row < rows; row++) column[row] = data[row * columns + c] as number;
    const sorted = Float64Array.from(column).sort();
    const cuts: number[] = [];
    for (let b = 1; b < maximumBins; b++) {
      const at = Math.floor((b * rows) / maximumBins);
      const lower = sorted[at - 1] as number;
      const upper = sorted[at] as number;
      // A cut halfway between neighbours; repeated values never straddle a cut.
      if (at > 0 && at < rows && lower < upper) {
        const cut = lower + (upper - lower) / 2;
        if (cuts.length === 0 || cut > (cuts[cuts.length - 1] as number)) cuts.push(cut);
      }
    }
    const columnEdges = Float64Array.from(cuts);
    edges.push(columnEdges);
    for (let row = 0; row < rows; row++) bins[c * rows + row] = binOf(columnEdges, column[row] as number);
  }
  return { bins, edges, rows, columns };
}

/** The bin of a value: the number of edges strictly below it (binary search). */
export function binOf(edges: Float64Array, value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((edges[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
