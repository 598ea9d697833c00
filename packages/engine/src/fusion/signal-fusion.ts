// Signal fusion: merges the latest signals of several sources (strategies, models) on a symbol into
// one, by a weighting (static, recent quality, inverse variance), a conflict rule, confidence
// merging and time decay; the fused decision names its sources.
import type { SignalDirection, SignalSource } from '@ats/core';
import { SourceQuality } from './source-quality.js';

export type FusionWeighting = 'static' | 'quality' | 'inverse-variance';
/**
 * What opposite signals on one symbol give: `net` the weighted sum decides, `strongest` the source
 * with the largest weight × strength wins alone, `flat` any disagreement stands aside.
 */
export type FusionConflictRule = 'net' | 'strongest' | 'flat';

export interface SignalFusionOptions {
  readonly sources: readonly string[];
  readonly weighting: FusionWeighting;
  readonly conflict: FusionConflictRule;
  /** Static weights by source (default 1); also the base the other weightings multiply. */
  readonly weights?: Readonly<Record<string, number>>;
  /** A signal's strength halves every this many milliseconds after it was emitted. */
  readonly halfLifeMilliseconds: number;
  /** The merged score must pass this (in [0, 1]) to go long or short; otherwise flat. */
  readonly threshold: number;
}

export interface FusedDecision {
  readonly direction: SignalDirection;
  /** The merged confidence, in [0, 1]. */
  readonly strength: number;
  /** Every source with a live signal on the symbol, with its decayed strength and normalized weight. */
  readonly sources: readonly SignalSource[];
  /** True when sources disagreed in sign. */
  readonly conflict: boolean;
}

interface Latest {
  readonly direction: SignalDirection;
  readonly strength: number;
  readonly time: number;
}

const signOf = (direction: SignalDirection) => (direction === 'LONG' ? 1 : direction === 'SHORT' ? -1 : 0);

export class SignalFusion {
  private readonly latest = new Map<string, Map<string, Latest>>();
  private readonly quality = new Map<string, SourceQuality>();

  constructor(readonly options: SignalFusionOptions) {
    if (options.sources.length === 0) throw new RangeError('signal fusion: no sources');
    if (!(options.halfLifeMilliseconds > 0))
      throw new RangeError(`signal fusion: half life ${options.halfLifeMilliseconds} must be positive`);
    if (!(options.threshold >= 0 && options.threshold < 1))
      throw new RangeError(`signal fusion: threshold ${options.threshold} must be in [0, 1)`);
    for (const [source, weight] of Object.entries(options.weights ?? {})) {
      if (!options.sources.includes(source))
        throw new RangeError(`signal fusion: weight for unknown source '${source}'`);
      if (!(weight >= 0 && Number.isFinite(weight)))
        throw new RangeError(`signal fusion: weight of '${source}' must be a finite number >= 0`);
    }
    for (const source of options.sources) this.quality.set(source, new SourceQuality());
  }

  /** Records a source's signal on a symbol at `time`, and its call at `price` for quality scoring. */
  observe(
    source: string,
    symbol: string,
    direction: SignalDirection,
    strength: number,
    time: number,
    price: number,
  ): void {
    const quality = this.quality.get(source);
    if (!quality) throw new RangeError(`signal fusion: unknown source '${source}'`);
    if (!(strength >= 0 && strength <= 1))
      throw new RangeError(`signal strength ${strength} is outside [0, 1]`);
    quality.observe(symbol, direction, price);
    let bySource = this.latest.get(symbol);
    if (!bySource) {
      bySource = new Map();
      this.latest.set(symbol, bySource);
    }
    bySource.set(source, { direction, strength, time });
  }

  qualityOf(source: string): SourceQuality | undefined {
    return this.quality.get(source);
  }

  /** A source's weight before normalization. */
  private rawWeight(source: string): number {
    const base = this.options.weights?.[source] ?? 1;
    const quality = this.quality.get(source) as SourceQuality;
    if (this.options.weighting === 'quality') return base * quality.score();
    if (this.options.weighting === 'inverse-variance') {
      const variance = quality.variance;
      // Before two resolved calls a source has no variance: the average of the known ones, or 1.
      return base / Math.max(variance ?? this.meanVariance(), 1e-8);
    }
    return base;
  }

  private meanVariance(): number {
    const known = [...this.quality.values()].map((q) => q.variance).filter((v): v is number => v !== null);
    return known.length === 0 ? 1 : known.reduce((a, b) => a + b, 0) / known.length;
  }

  /** The fused decision on a symbol at `now`. */
  fuse(symbol: string, now: number): FusedDecision {
    const bySource = this.latest.get(symbol);
    const live: { source: string; direction: SignalDirection; strength: number; weight: number }[] = [];
    for (const source of this.options.sources) {
      const signal = bySource?.get(source);
      if (!signal) continue;
      // Time decay: a signal's strength halves every half life since it was emitted.
      const decayed =
        signal.strength * 0.5 ** (Math.max(0, now - signal.time) / this.options.halfLifeMilliseconds);
      live.push({ source, direction: signal.direction, strength: decayed, weight: this.rawWeight(source) });
    }
    const total = live.reduce((sum, entry) => sum + entry.weight, 0);
    const sources: SignalSource[] = live.map((entry) => ({
      strategyId: entry.source,
      direction: entry.direction,
      strength: entry.strength,
      weight: total > 0 ? entry.weight / total : 0,
    }));
    const signs = new Set(live.map((entry) => signOf(entry.direction)).filter((sign) => sign !== 0));
    const conflict = signs.size > 1;
    if (total === 0) return { direction: 'FLAT', strength: 0, sources, conflict };
    let score: number;
    if (conflict && this.options.conflict === 'flat') score = 0;
    else if (conflict && this.options.conflict === 'strongest') {
      const strongest = sources.reduce((best, entry) =>
        entry.weight * entry.strength > best.weight * best.strength ? entry : best,
      );
      score = signOf(strongest.direction) * strongest.strength;
    } else {
      // Confidence merging: the weighted mean of the signed, decayed strengths (FLAT counts as 0).
      score = sources.reduce(
        (sum, entry) => sum + entry.weight * signOf(entry.direction) * entry.strength,
        0,
      );
    }
    const strength = Math.min(1, Math.abs(score));
    const direction: SignalDirection =
      strength <= this.options.threshold || score === 0 ? 'FLAT' : score > 0 ? 'LONG' : 'SHORT';
    return { direction, strength: direction === 'FLAT' ? 0 : strength, sources, conflict };
  }
}
