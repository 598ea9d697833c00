// The metrics port the engines report to (counters and latency histograms), with a no-op default.

/** Stages of the real-time flow whose latency is measured, in the spec's latency table order. */
export type PipelineStage = 'ingestion' | 'signal' | 'risk' | 'execution' | 'portfolio' | 'tick_to_fill';

export interface EngineMetrics {
  /** Counts an occurrence, e.g. quotes received or rejected with a reason code. */
  count(name: string, labels?: Readonly<Record<string, string>>, amount?: number): void;
  /** Observes a stage latency in milliseconds. */
  observeLatency(stage: PipelineStage, milliseconds: number): void;
}

export const noMetrics: EngineMetrics = {
  count() {},
  observeLatency() {},
};

/** A monotonic high-resolution time source in milliseconds (performance.now in a service). */
export interface MonotonicTimer {
  now(): number;
}
