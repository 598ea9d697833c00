// Every TA-Lib indicator against TA-Lib's own outputs on ORCL, NVDA and YHOO daily bars (fixtures/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as indicators from './index.js';

interface TalibCase {
  readonly name: string;
  readonly options: Record<string, number>;
  readonly begIndex: number;
  readonly outputs: Record<string, number[]>;
}

const fixtures = new URL('../fixtures/', import.meta.url);
const seriesNames = ['orcl-1995-2014', 'nvda-1999-2014', 'yhoo-1996-2014'];

function load(series: string) {
  const rows = readFileSync(new URL(`${series}.txt`, fixtures), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const column = (index: number) => Float64Array.from(rows, (row) => Number(row[index]));
  const bars = { high: column(2), low: column(3), close: column(4), volume: column(6) };
  const reference = JSON.parse(readFileSync(new URL(`talib-${series}.json`, fixtures), 'utf8')) as {
    cases: TalibCase[];
  };
  return { bars, reference };
}

type Bars = ReturnType<typeof load>['bars'];

/** Ours, per TA-Lib function name, keyed by TA-Lib's output names. */
const ours: Record<string, (bars: Bars, o: Record<string, number>) => Record<string, ArrayLike<number>>> = {
  SMA: (b, o) => ({ outReal: indicators.sma(b.close, o.optInTimePeriod) }),
  EMA: (b, o) => ({ outReal: indicators.ema(b.close, o.optInTimePeriod) }),
  WMA: (b, o) => ({ outReal: indicators.wma(b.close, o.optInTimePeriod) }),
  DEMA: (b, o) => ({ outReal: indicators.dema(b.close, o.optInTimePeriod) }),
  TEMA: (b, o) => ({ outReal: indicators.tema(b.close, o.optInTimePeriod) }),
  KAMA: (b, o) => ({ outReal: indicators.kama(b.close, o.optInTimePeriod) }),
  T3: (b, o) => ({ outReal: indicators.t3(b.close, o.optInTimePeriod, o.optInVFactor) }),
  RSI: (b, o) => ({ outReal: indicators.rsi(b.close, o.optInTimePeriod) }),
  STOCH: (b, o) => {
    const r = indicators.slowStochastic(b, o.optInFastK_Period, o.optInSlowK_Period, o.optInSlowD_Period);
    return { outSlowK: r.k, outSlowD: r.d };
  },
  STOCHF: (b, o) => {
    const r = indicators.fastStochastic(b, o.optInFastK_Period, o.optInFastD_Period);
    return { outFastK: r.k, outFastD: r.d };
  },
  STOCHRSI: (b, o) => {
    const r = indicators.stochasticRsi(b.close, o.optInTimePeriod, o.optInFastK_Period, o.optInFastD_Period);
    return { outFastK: r.k, outFastD: r.d };
  },
  MACD: (b, o) => {
    const r = indicators.macd(b.close, o.optInFastPeriod, o.optInSlowPeriod, o.optInSignalPeriod);
    return { outMACD: r.macd, outMACDSignal: r.signal, outMACDHist: r.histogram };
  },
  PPO: (b, o) => ({ outReal: indicators.ppo(b.close, o.optInFastPeriod, o.optInSlowPeriod) }),
  BBANDS: (b, o) => {
    const r = indicators.bollingerBands(b.close, o.optInTimePeriod, o.optInNbDevUp, o.optInNbDevDn);
    return { outRealUpperBand: r.upper, outRealMiddleBand: r.middle, outRealLowerBand: r.lower };
  },
  ATR: (b, o) => ({ outReal: indicators.averageTrueRange(b, o.optInTimePeriod) }),
  NATR: (b, o) => ({ outReal: indicators.normalizedAverageTrueRange(b, o.optInTimePeriod) }),
  TRANGE: (b) => ({ outReal: indicators.trueRange(b) }),
  ADX: (b, o) => ({ outReal: indicators.directionalMovement(b, o.optInTimePeriod).adx }),
  PLUS_DI: (b, o) => ({ outReal: indicators.directionalMovement(b, o.optInTimePeriod).plusDi }),
  MINUS_DI: (b, o) => ({ outReal: indicators.directionalMovement(b, o.optInTimePeriod).minusDi }),
  AROON: (b, o) => {
    const r = indicators.aroon(b, o.optInTimePeriod);
    return { outAroonDown: r.down, outAroonUp: r.up };
  },
  CCI: (b, o) => ({ outReal: indicators.commodityChannelIndex(b, o.optInTimePeriod) }),
  WILLR: (b, o) => ({ outReal: indicators.williamsPercentRange(b, o.optInTimePeriod) }),
  MFI: (b, o) => ({ outReal: indicators.moneyFlowIndex(b, o.optInTimePeriod) }),
  OBV: (b) => ({ outReal: indicators.onBalanceVolume(b) }),
  AD: (b) => ({ outReal: indicators.accumulationDistribution(b) }),
  ADOSC: (b, o) => ({ outReal: indicators.chaikinOscillator(b, o.optInFastPeriod, o.optInSlowPeriod) }),
  ROC: (b, o) => ({ outReal: indicators.rateOfChange(b.close, o.optInTimePeriod) }),
  MOM: (b, o) => ({ outReal: indicators.momentum(b.close, o.optInTimePeriod) }),
  STDDEV: (b, o) => ({ outReal: indicators.standardDeviation(b.close, o.optInTimePeriod, o.optInNbDev) }),
  LINEARREG: (b, o) => ({ outReal: indicators.linearRegression(b.close, o.optInTimePeriod).value }),
  LINEARREG_SLOPE: (b, o) => ({ outReal: indicators.linearRegression(b.close, o.optInTimePeriod).slope }),
  SAR: (b, o) => ({ outReal: indicators.parabolicSar(b, o.optInAcceleration, o.optInMaximum) }),
};

/** The first index where ours and TA-Lib's differ beyond 1e-9 × max(1, |value|), or null. */
function firstMismatch(
  actual: ArrayLike<number>,
  expected: readonly number[],
  begIndex: number,
): string | null {
  for (let index = 0; index < begIndex; index++) {
    if (!Number.isNaN(actual[index] as number))
      return `index ${index}: ${actual[index]} before TA-Lib's first valid index ${begIndex}`;
  }
  if (actual.length !== begIndex + expected.length)
    return `length ${actual.length}, expected ${begIndex + expected.length}`;
  for (let offset = 0; offset < expected.length; offset++) {
    const want = expected[offset] as number;
    const got = actual[begIndex + offset] as number;
    if (!(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))))
      return `index ${begIndex + offset}: ${got}, TA-Lib ${want}`;
  }
  return null;
}

describe.each(seriesNames)('TA-Lib reference on %s', (series) => {
  const { bars, reference } = load(series);
  it.each(reference.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s matches',
    (_name, testCase) => {
      const compute = ours[testCase.name];
      expect(compute, `no implementation mapped for ${testCase.name}`).toBeDefined();
      const outputs = (compute as NonNullable<typeof compute>)(bars, testCase.options);
      for (const [output, expected] of Object.entries(testCase.outputs)) {
        const actual = outputs[output];
        expect(actual, `${testCase.name} has no output ${output}`).toBeDefined();
        expect(
          firstMismatch(actual as ArrayLike<number>, expected, testCase.begIndex),
          `${testCase.name}.${output}`,
        ).toBeNull();
      }
    },
  );
});
