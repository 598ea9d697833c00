// Indicator updates per second on one core: ours against technicalindicators and trading-signals, same data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as ours from '@ats/indicators';
import { type BenchmarkRow, type BenchmarkSuite, formatRate, measureThroughput } from '../benchmark-row.js';

const require = createRequire(import.meta.url);
// Both comparison libraries are CommonJS; loaded through require so their own typings do not matter here.
const technical = require('technicalindicators') as Record<
  string,
  new (
    input: Record<string, unknown>,
  ) => { nextValue(value: unknown): unknown }
>;
const signals = require('trading-signals') as Record<
  string,
  new (
    ...args: unknown[]
  ) => { add(value: unknown): unknown }
>;

interface Bar {
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** ORCL daily bars (the indicator fixtures), repeated to `count` bars. */
function bars(count: number): Bar[] {
  const text = readFileSync(
    new URL('../../../packages/indicators/fixtures/orcl-1995-2014.txt', import.meta.url),
    'utf8',
  );
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return Array.from({ length: count }, (_, index) => {
    const row = rows[index % rows.length] as number[];
    return {
      high: row[2] as number,
      low: row[3] as number,
      close: row[4] as number,
      volume: row[6] as number,
    };
  });
}

interface Case {
  readonly name: string;
  readonly target?: number;
  readonly input: 'close' | 'bar';
  readonly ours: () => { update(input: never): unknown };
  readonly technical?: () => { nextValue(input: never): unknown };
  readonly signals?: () => { add(input: never): unknown };
}

const cases: Case[] = [
  {
    name: 'SMA(30)',
    target: 20e6,
    input: 'close',
    ours: () => new ours.SimpleMovingAverage(30),
    technical: () => new technical.SMA!({ period: 30, values: [] }),
    signals: () => new signals.SMA!(30),
  },
  {
    name: 'EMA(30)',
    target: 20e6,
    input: 'close',
    ours: () => new ours.ExponentialMovingAverage(30),
    technical: () => new technical.EMA!({ period: 30, values: [] }),
    signals: () => new signals.EMA!(30),
  },
  {
    name: 'WMA(30)',
    input: 'close',
    ours: () => new ours.WeightedMovingAverage(30),
    technical: () => new technical.WMA!({ period: 30, values: [] }),
    signals: () => new signals.WMA!(30),
  },
  {
    name: 'DEMA(30)',
    input: 'close',
    ours: () => new ours.DoubleExponentialMovingAverage(30),
    signals: () => new signals.DEMA!(30),
  },
  { name: 'TEMA(30)', input: 'close', ours: () => new ours.TripleExponentialMovingAverage(30) },
  { name: 'KAMA(30)', input: 'close', ours: () => new ours.KaufmanAdaptiveMovingAverage(30) },
  { name: 'T3(5)', input: 'close', ours: () => new ours.T3MovingAverage(5) },
  {
    name: 'RSI(14)',
    target: 5e6,
    input: 'close',
    ours: () => new ours.RelativeStrengthIndex(14),
    technical: () => new technical.RSI!({ period: 14, values: [] }),
    signals: () => new signals.RSI!(14),
  },
  {
    name: 'MACD(12,26,9)',
    target: 5e6,
    input: 'close',
    ours: () => new ours.MovingAverageConvergenceDivergence(12, 26, 9),
    technical: () =>
      new technical.MACD!({
        fastPeriod: 12,
        slowPeriod: 26,
        signalPeriod: 9,
        SimpleMAOscillator: false,
        SimpleMASignal: false,
        values: [],
      }),
    signals: () => new signals.MACD!(new signals.EMA!(12), new signals.EMA!(26), new signals.EMA!(9)),
  },
  { name: 'PPO(12,26)', input: 'close', ours: () => new ours.PercentagePriceOscillator(12, 26) },
  {
    name: 'BBANDS(20,2)',
    input: 'close',
    ours: () => new ours.BollingerBands(20, 2, 2),
    technical: () => new technical.BollingerBands!({ period: 20, stdDev: 2, values: [] }),
    signals: () => new signals.BollingerBands!(20, 2),
  },
  {
    name: 'STDDEV(5)',
    input: 'close',
    ours: () => new ours.StandardDeviation(5),
    technical: () => new technical.SD!({ period: 5, values: [] }),
  },
  {
    name: 'ROC(10)',
    input: 'close',
    ours: () => new ours.RateOfChange(10),
    technical: () => new technical.ROC!({ period: 10, values: [] }),
    signals: () => new signals.ROC!(10),
  },
  { name: 'MOM(10)', input: 'close', ours: () => new ours.Momentum(10), signals: () => new signals.MOM!(10) },
  {
    name: 'LINEARREG(14)',
    input: 'close',
    ours: () => new ours.LinearRegression(14),
    signals: () => new signals.LinearRegression!(14),
  },
  {
    name: 'STOCHRSI(14,5,3)',
    input: 'close',
    ours: () => new ours.StochasticRsi(14, 5, 3),
    technical: () =>
      new technical.StochasticRSI!({
        values: [],
        rsiPeriod: 14,
        stochasticPeriod: 14,
        kPeriod: 3,
        dPeriod: 3,
      }),
    signals: () => new signals.StochasticRSI!(14),
  },
  {
    name: 'ATR(14)',
    target: 5e6,
    input: 'bar',
    ours: () => new ours.AverageTrueRange(14),
    technical: () => new technical.ATR!({ period: 14, high: [], low: [], close: [] }),
    signals: () => new signals.ATR!(14),
  },
  { name: 'NATR(14)', input: 'bar', ours: () => new ours.NormalizedAverageTrueRange(14) },
  {
    name: 'TRANGE',
    input: 'bar',
    ours: () => new ours.TrueRange(),
    technical: () => new technical.TrueRange!({ high: [], low: [], close: [] }),
    signals: () => new signals.TR!(),
  },
  {
    name: 'ADX(14)',
    input: 'bar',
    ours: () => new ours.DirectionalMovement(14),
    technical: () => new technical.ADX!({ period: 14, high: [], low: [], close: [] }),
    signals: () => new signals.ADX!(14),
  },
  {
    name: 'STOCH(5,3,3)',
    input: 'bar',
    ours: () => new ours.SlowStochastic(5, 3, 3),
    technical: () => new technical.Stochastic!({ period: 5, signalPeriod: 3, high: [], low: [], close: [] }),
    signals: () => new signals.StochasticOscillator!({ kPeriod: 5, kSlowingPeriod: 3, dPeriod: 3 }),
  },
  { name: 'STOCHF(5,3)', input: 'bar', ours: () => new ours.FastStochastic(5, 3) },
  {
    name: 'WILLR(14)',
    input: 'bar',
    ours: () => new ours.WilliamsPercentRange(14),
    technical: () => new technical.WilliamsR!({ period: 14, high: [], low: [], close: [] }),
    signals: () => new signals.WilliamsR!(14),
  },
  {
    name: 'CCI(14)',
    input: 'bar',
    ours: () => new ours.CommodityChannelIndex(14),
    technical: () => new technical.CCI!({ period: 14, high: [], low: [], close: [] }),
    signals: () => new signals.CCI!(14),
  },
  { name: 'AROON(14)', input: 'bar', ours: () => new ours.Aroon(14) },
  {
    name: 'MFI(14)',
    input: 'bar',
    ours: () => new ours.MoneyFlowIndex(14),
    technical: () => new technical.MFI!({ period: 14, high: [], low: [], close: [], volume: [] }),
    signals: () => new signals.MFI!(14),
  },
  {
    name: 'OBV',
    input: 'bar',
    ours: () => new ours.OnBalanceVolume(),
    technical: () => new technical.OBV!({ close: [], volume: [] }),
    signals: () => new signals.OBV!(2),
  },
  {
    name: 'AD',
    input: 'bar',
    ours: () => new ours.AccumulationDistribution(),
    technical: () => new technical.ADL!({ high: [], low: [], close: [], volume: [] }),
  },
  { name: 'ADOSC(3,10)', input: 'bar', ours: () => new ours.ChaikinOscillator(3, 10) },
  {
    name: 'SAR(0.02,0.2)',
    input: 'bar',
    ours: () => new ours.ParabolicSar(),
    technical: () => new technical.PSAR!({ step: 0.02, max: 0.2, high: [], low: [] }),
    signals: () => new signals.PSAR!({ accelerationStep: 0.02, accelerationMax: 0.2 }),
  },
  { name: 'Donchian(20)', input: 'bar', ours: () => new ours.DonchianChannel(20) },
  {
    name: 'Keltner(20,10,2)',
    input: 'bar',
    ours: () => new ours.KeltnerChannel(20, 10, 2),
    technical: () =>
      new technical.KeltnerChannels!({
        maPeriod: 20,
        atrPeriod: 10,
        useSMA: false,
        multiplier: 2,
        high: [],
        low: [],
        close: [],
      }),
  },
  {
    name: 'Ichimoku(9,26,52)',
    input: 'bar',
    ours: () => new ours.IchimokuCloud(9, 26, 52),
    technical: () =>
      new technical.IchimokuCloud!({
        conversionPeriod: 9,
        basePeriod: 26,
        spanPeriod: 52,
        displacement: 26,
        high: [],
        low: [],
      }),
  },
  { name: 'Supertrend(10,3)', input: 'bar', ours: () => new ours.Supertrend(10, 3) },
];

/**
 * Updates per second of `make()` over the inputs (best of repeated runs, a new instance each run).
 * Each measurement gets its own compiled loop (new Function), so V8's type feedback at the update call
 * stays specific to one indicator: a shared loop would turn megamorphic and slow every library alike.
 */
function rate(
  make: () => unknown,
  method: 'update' | 'nextValue' | 'add',
  inputs: ArrayLike<unknown>,
): number {
  const loop = new Function(
    'make',
    'inputs',
    `const indicator = make(); for (let index = 0; index < inputs.length; index++) indicator.${method}(inputs[index]);`,
  ) as (make: () => unknown, inputs: ArrayLike<unknown>) => void;
  return measureThroughput(inputs.length, () => loop(make, inputs), 300);
}

export const indicatorsSuite: BenchmarkSuite = {
  name: 'indicators',
  async run(): Promise<BenchmarkRow[]> {
    // A million updates per run: fast indicators finish a run in a few milliseconds, so timer resolution
    // stays far below the figure measured.
    const count = 1_000_000;
    const data = bars(count);
    const closes = Float64Array.from(data, (bar) => bar.close);
    // Built field by field: objects made with a spread are far slower to read in V8, which would measure
    // the input, not the indicator.
    const sessionBars = data.map((bar, index) => ({
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      session: Math.floor(index / 390),
    }));
    const rows: BenchmarkRow[] = [];
    for (const testCase of cases) {
      const inputs = testCase.input === 'close' ? closes : data;
      const ourRate = rate(testCase.ours, 'update', inputs);
      const technicalRate = testCase.technical ? rate(testCase.technical, 'nextValue', inputs) : Number.NaN;
      const signalsRate = testCase.signals ? rate(testCase.signals, 'add', inputs) : Number.NaN;
      const competitors = [technicalRate, signalsRate].filter(Number.isFinite);
      const parts = [`ours ${formatRate(ourRate)}`];
      if (Number.isFinite(technicalRate))
        parts.push(
          `technicalindicators ${formatRate(technicalRate)} (${(ourRate / technicalRate).toFixed(1)}x)`,
        );
      if (Number.isFinite(signalsRate))
        parts.push(`trading-signals ${formatRate(signalsRate)} (${(ourRate / signalsRate).toFixed(1)}x)`);
      rows.push({
        component: `indicators: ${testCase.name}`,
        metric: 'updates/s, one core',
        target: testCase.target
          ? `${formatRate(testCase.target)}${competitors.length ? ', beat both' : ''}`
          : competitors.length
            ? 'beat both packages'
            : '',
        measured: parts.join(' | '),
        ratio: testCase.target
          ? ourRate / testCase.target
          : competitors.length
            ? ourRate / Math.max(...competitors)
            : Number.NaN,
      });
    }
    const vwap = rate(() => new ours.VolumeWeightedAveragePrice(), 'update', sessionBars);
    const technicalVwap = rate(
      () => new technical.VWAP!({ high: [], low: [], close: [], volume: [] }),
      'nextValue',
      data,
    );
    rows.push({
      component: 'indicators: VWAP (session)',
      metric: 'updates/s, one core',
      target: 'beat both packages',
      measured: `ours ${formatRate(vwap)} | technicalindicators ${formatRate(technicalVwap)} (${(vwap / technicalVwap).toFixed(1)}x)`,
      ratio: vwap / technicalVwap,
    });
    return rows;
  },
};
