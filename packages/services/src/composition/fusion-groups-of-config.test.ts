// signal_fusion from configuration: a group hosts its sources (which stop trading alone), and the
// checks name a source that is not configured, one in two groups, and a weight of a non-source.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FusedStrategy } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { composeFusionGroups } from './fusion-groups-of-config.js';
import { buildStrategies, strategyRecordsOf } from './strategies-of-config.js';

const strategies = [
  { id: 'trend', kind: 'time-series-momentum', symbols: ['AAPL'], parameters: { lookback: 20 } },
  { id: 'reversion', kind: 'mean-reversion', symbols: ['AAPL'] },
  { id: 'alone', kind: 'sma-cross', symbols: ['MSFT'] },
];

function configWith(signalFusion: unknown[]) {
  return loadConfig({
    directory: join(tmpdir(), 'ats-no-config-files'),
    env: {},
    overrides: { strategies, signal_fusion: signalFusion },
  });
}

describe('signal_fusion configuration', () => {
  it('runs the sources inside one fused strategy with the configured rule', async () => {
    const config = configWith([
      {
        id: 'blend',
        sources: ['trend', 'reversion'],
        conflict: 'strongest',
        weighting: 'quality',
        weights: { trend: 2 },
      },
    ]);
    const records = strategyRecordsOf(config);
    const composed = composeFusionGroups(config, records, await buildStrategies(records));
    expect(composed.strategies.map(({ strategy }) => strategy.id)).toEqual(['alone', 'blend']);
    const blend = composed.strategies[1]?.strategy as FusedStrategy;
    expect(blend).toBeInstanceOf(FusedStrategy);
    expect(blend.sources.map((source) => source.id)).toEqual(['trend', 'reversion']);
    expect(blend.fusion.options).toMatchObject({
      conflict: 'strongest',
      weighting: 'quality',
      weights: { trend: 2 },
      halfLifeMilliseconds: 3_600_000,
      threshold: 0.1,
    });
    expect(composed.groupRecords).toEqual([
      {
        id: 'blend',
        kind: 'fusion',
        parameters: { threshold: 0.1, half_life_minutes: 60 },
        symbols: ['AAPL'],
        enabled: true,
      },
    ]);
  });

  it('names a source that is not configured, one in two groups, and a weight of a non-source', () => {
    expect(() => configWith([{ id: 'g', sources: ['trend', 'ghost'] }])).toThrow(
      /signal_fusion.0.sources = "ghost": is not a configured strategy id/,
    );
    expect(() =>
      configWith([
        { id: 'g1', sources: ['trend', 'reversion'] },
        { id: 'g2', sources: ['trend', 'alone'] },
      ]),
    ).toThrow(/signal_fusion.1.sources = "trend": is a source of two fusion groups/);
    expect(() => configWith([{ id: 'g', sources: ['trend', 'reversion'], weights: { alone: 1 } }])).toThrow(
      /signal_fusion.0.weights.alone = 1: weights a strategy that is not a source/,
    );
    expect(() => configWith([{ id: 'alone', sources: ['trend', 'reversion'] }])).toThrow(
      /signal_fusion.0.id = "alone": is already a strategy or fusion group id/,
    );
    expect(() => configWith([{ id: 'g', sources: ['trend', 'reversion'], conflict: 'vote' }])).toThrow(
      /signal_fusion/,
    );
  });
});
