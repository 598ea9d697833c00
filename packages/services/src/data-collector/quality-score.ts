// The market data quality score of a symbol from one provider (docs/market-data-quality.md):
// 100 × validity × completeness × timeliness, each part from 0 to 1.

export interface QualityInputs {
  /** Quotes the provider delivered for the symbol, and how many validation refused. */
  readonly received: number;
  readonly rejected: number;
  /** Minute bars the exchange calendar expects so far in the observed regular sessions, and how many were built. */
  readonly expectedBars: number;
  readonly receivedBars: number;
  /** Milliseconds since the symbol's last message from the provider (null: never), and the silence limit. */
  readonly silentMilliseconds: number | null;
  readonly silentAfterMilliseconds: number;
  /** Whether the symbol trades now (silence outside trading hours costs nothing). */
  readonly trading: boolean;
}

export interface QualityScore {
  readonly score: number;
  readonly validity: number;
  readonly completeness: number;
  readonly timeliness: number;
}

export function qualityScore(inputs: QualityInputs): QualityScore {
  const validity = inputs.received === 0 ? 1 : Math.max(0, 1 - inputs.rejected / inputs.received);
  const completeness = inputs.expectedBars === 0 ? 1 : Math.min(1, inputs.receivedBars / inputs.expectedBars);
  let timeliness = 1;
  if (inputs.trading) {
    const silent = inputs.silentMilliseconds ?? Number.POSITIVE_INFINITY;
    const limit = inputs.silentAfterMilliseconds;
    // Full marks up to the silence limit, then linearly down to 0 at ten times the limit.
    timeliness = silent <= limit ? 1 : Math.max(0, 1 - (silent - limit) / (9 * limit));
  }
  return { score: 100 * validity * completeness * timeliness, validity, completeness, timeliness };
}
