// A regression tree grown on binned features by histogram splits (variance reduction), stored in flat typed arrays.
import type { RandomSource } from '@ats/core';
import type { FeatureMatrix } from '../features/feature-pipeline.js';
import type { BinnedFeatures } from './feature-binning.js';

/** A grown tree: node n is a leaf when feature[n] is −1; otherwise x[feature] ≤ threshold goes left. */
export interface TreeNodes {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export interface TreeOptions {
  readonly maximumDepth: number;
  readonly minimumLeaf: number;
  /** Features tried at each split (random subset without replacement). */
  readonly featuresPerSplit: number;
}

interface PendingNode {
  readonly node: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
}

/**
 * Grows one tree on the samples listed in `samples` (indices into the binned rows; repeats allowed,
 * as in a bootstrap). Targets are 0/1 labels for classification forests, so leaf means are probabilities.
 */
export function growTree(
  binned: BinnedFeatures,
  targets: Float64Array,
  samples: Int32Array,
  options: TreeOptions,
  random: RandomSource,
): TreeNodes {
  const { bins, edges, rows, columns } = binned;
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const newNode = () => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    return feature.length - 1;
  };
  const counts = new Float64Array(256);
  const sums = new Float64Array(256);
  const candidates = Int32Array.from({ length: columns }, (_, index) => index);
  const stack: PendingNode[] = [{ node: newNode(), start: 0, end: samples.length, depth: 0 }];

  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop() as PendingNode;
    const size = end - start;
    let total = 0;
    for (let at = start; at < end; at++) total += targets[samples[at] as number] as number;
    value[node] = total / size;
    if (depth >= options.maximumDepth || size < 2 * options.minimumLeaf) continue;
    if (total === 0 || total === size) continue; // pure 0/1 node

    let bestScore = (total * total) / size;
    let bestFeature = -1;
    let bestBin = -1;
    // Partial Fisher-Yates: the first featuresPerSplit entries become a uniform random subset.
    for (let pick = 0; pick < options.featuresPerSplit; pick++) {
      const swap = pick + Math.floor(random.next() * (columns - pick));
      const chosen = candidates[swap] as number;
      candidates[swap] = candidates[pick] as number;
      candidates[pick] = chosen;
      const columnEdges = edges[chosen] as Float64Array;
      const binCount = columnEdges.length + 1;
      if (binCount < 2) continue;
      counts.fill(0, 0, binCount);
      sums.fill(0, 0, binCount);
      const offset = chosen * rows;
      for (let at = start; at < end; at++) {
        const sample = samples[at] as number;
        const bin = bins[offset + sample] as number;
        counts[bin] = (counts[bin] as number) + 1;
        sums[bin] = (sums[bin] as number) + (targets[sample] as number);
      }
      let leftCount = 0;
      let leftSum = 0;
      for (let bin = 0; bin < binCount - 1; bin++) {
        leftCount += counts[bin] as number;
        leftSum += sums[bin] as number;
        const rightCount = size - leftCount;
        if (leftCount < options.minimumLeaf) continue;
        if (rightCount < options.minimumLeaf) break;
        const rightSum = total - leftSum;
        // Maximizing this maximizes the reduction of the squared error (variance; Gini for 0/1 targets).
        const score = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount;
        if (score > bestScore + 1e-12) {
          bestScore = score;
          bestFeature = chosen;
          bestBin = bin;
        }
      }
    }
    if (bestFeature < 0) continue;

    // Partition samples in place: bins ≤ bestBin to the front.
    const offset = bestFeature * rows;
    let middle = start;
    for (let at = start; at < end; at++) {
      const sample = samples[at] as number;
      if ((bins[offset + sample] as number) <= bestBin) {
        samples[at] = samples[middle] as number;
        samples[middle] = sample;
        middle++;
      }
    }
    feature[node] = bestFeature;
    threshold[node] = (edges[bestFeature] as Float64Array)[bestBin] as number;
    const leftNode = newNode();
    const rightNode = newNode();
    left[node] = leftNode;
    right[node] = rightNode;
    stack.push({ node: rightNode, start: middle, end, depth: depth + 1 });
    stack.push({ node: leftNode, start, end: middle, depth: depth + 1 });
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** The leaf value of one row of raw (unbinned) features. */
export function predictTree(tree: TreeNodes, features: FeatureMatrix, row: number): number {
  let node = 0;
  const base = row * features.columns;
  for (;;) {
    const column = tree.feature[node] as number;
    if (column < 0) return tree.value[node] as number;
    node =
      (features.data[base + column] as number) <= (tree.threshold[node] as number)
        ? (tree.left[node] as number)
        : (tree.right[node] as number);
  }
}
