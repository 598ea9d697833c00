// The ML strategy's out-of-sample result beside buy and hold, on the bundled daily data and a month of SPY minutes:
// fixed parameters, every bar after the first trained model counted (no window chosen after the fact).
import { readFileSync } from 'node:fs';
import { performanceMetrics } from '@ats/analytics';
import { type BacktestResult, type FillRules, parseYahooCsv, runBacktest } from '@ats/backtest';
import { type Bar, Money, Price, type Ticker, toStrategyId } from '@ats/core';
import {
  BuyAndHoldStrategy,
  dailyFeatureSet,
  intradayFeatureSet,
  LogisticRegressionTrainer,
  MlStrategy,
  type MlStrategyOptions,
  predictionMetrics,
  RandomForestTrainer,
} from '@ats/ml';
import type { BenchmarkRow, BenchmarkSuite } from '../benchmark-row.js';

const root = new URL('../../../', import.meta.url);

function dailyBars(file: string, symbol: Ticker): Bar[] {
  return parseYahooCsv(readFileSync(new URL(`packages/backtest/fixtures/${file}`, root), 'utf8'), { symbol });
}

/** SPY minutes of January 2011 (NinjaTrader: UTC, bar end time), regular session only (bars starting 09:30-15:59 ET, UTC-5 in January). */
function spyMinuteBars(symbol: Ticker): Bar[] {
  const bars: Bar[] = [];
  for (const line of readFileSync(new URL('packages/ml/fixtures/nt-spy-minute-2011.csv', root), 'utf8')
    .trim()
    .split('\n')) {
    const [stamp, open, high, low, close, volume] = line.split(';') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const end = Date.UTC(
      Number(stamp.slice(0, 4)),
      Number(stamp.slice(4, 6)) - 1,
      Number(stamp.slice(6, 8)),
      Number(stamp.slice(9, 11)),
      Number(stamp.slice(11, 13)),
    );
    const start = end - 60_000;
    const minuteOfDayEastern = (((start / 60_000 - 5 * 60) % 1440) + 1440) % 1440;
    if (minuteOfDayEastern < 9 * 60 + 30 || minuteOfDayEastern >= 16 * 60) continue;
    bars.push({
      symbol,
      timeframe: '1m',
      time: start,
      open: Price.of(open),
      high: Price.of(high),
      low: Price.of(low),
      close: Price.of(close),
      volume: Number(volume),
    });
  }
  return bars;
}

interface Case {
  readonly name: string;
  readonly symbol: Ticker;
  readonly bars: Bar[];
  readonly periodsPerYear: number;
  readonly rules: FillRules;
  readonly options: Omit<MlStrategyOptions, 'trainer' | 'outcomes'>;
}

const daily = (features = dailyFeatureSet()): Case['options'] => ({
  features,
  horizon: 5,
  trainRows: 1000,
  minimumTrainRows: 500,
  retrainEvery: 63,
  enterAbove: 0.55,
  exitBelow: 0.45,
  seed: 1,
});
const dailyRules: FillRules = {
  marketFill: 'next-open',
  slippage: { kind: 'none' },
  commission: { kind: 'basis-points', basisPoints: 10 },
};

function cases(): Case[] {
  const orcl = 'ORCL' as Ticker;
  const nvda = 'NVDA' as Ticker;
  const yhoo = 'YHOO' as Ticker;
  const spy = 'SPY' as Ticker;
  return [
    {
      name: 'ORCL daily 1995-2014',
      symbol: orcl,
      bars: dailyBars('orcl-1995-2014.txt', orcl),
      periodsPerYear: 252,
      rules: dailyRules,
      options: daily(),
    },
    {
      name: 'NVDA daily 1999-2014',
      symbol: nvda,
      bars: dailyBars('nvda-1999-2014.txt', nvda),
      periodsPerYear: 252,
      rules: dailyRules,
      options: daily(),
    },
    {
      name: 'YHOO daily 1996-2014',
      symbol: yhoo,
      bars: dailyBars('yhoo-1996-2014.txt', yhoo),
      periodsPerYear: 252,
      rules: dailyRules,
      options: daily(),
    },
    {
      name: 'SPY 1-minute, January 2011',
      symbol: spy,
      bars: spyMinuteBars(spy),
      periodsPerYear: 252 * 390,
      rules: {
        marketFill: 'next-open',
        slippage: { kind: 'none' },
        commission: { kind: 'basis-points', basisPoints: 1 },
      },
      options: {
        features: intradayFeatureSet(),
        horizon: 15,
        trainRows: 3000,
        minimumTrainRows: 1500,
        retrainEvery: 390,
        enterAbove: 0.55,
        exitBelow: 0.45,
        seed: 1,
      },
    },
  ];
}

/** Metrics of the equity curve from the out-of-sample start on (the strategy is flat before it). */
function windowMetrics(result: BacktestResult, from: number, periodsPerYear: number) {
  const curve = result.equityCurve.filter((point) => point.time >= from);
  const startingCash = curve[0]?.equity ?? 0;
  const fills = result.fills.filter((fill) => Date.parse(fill.time) >= from);
  const metrics = performanceMetrics({
    curve,
    roundTrips: [],
    startingCash,
    tradedNotional: fills.reduce((sum, fill) => sum + Number(fill.price) * fill.quantity, 0),
    commissions: fills.reduce((sum, fill) => sum + Number(fill.commission), 0),
    periodsPerYear,
  });
  return { ...metrics, fills: fills.length };
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;

async function runCase(item: Case, model: 'random-forest' | 'logistic-regression'): Promise<BenchmarkRow> {
  const outcomes: { time: number; probability: number; label: 0 | 1; forwardReturn: number }[] = [];
  const trainer =
    model === 'random-forest'
      ? new RandomForestTrainer({ trees: 100, maximumDepth: 6, minimumLeaf: 20 })
      : new LogisticRegressionTrainer({ l2: 10 });
  const bars = new Map([[item.symbol, item.bars]]);
  const config = {
    bars,
    startingCash: Money.of('100000'),
    rules: item.rules,
    periodsPerYear: item.periodsPerYear,
    limits: { positionFraction: 1, maxPositionSize: 1 },
  };
  const started = performance.now();
  const ml = runBacktest({
    ...config,
    strategies: () => [
      new MlStrategy(toStrategyId('ml'), [item.symbol], {
        ...item.options,
        trainer,
        modelName: model,
        outcomes: { record: (outcome) => outcomes.push(outcome) },
      }),
    ],
  });
  const seconds = (performance.now() - started) / 1000;
  // The out-of-sample window: from the first bar with a prediction to the last bar.
  const from = outcomes[0]?.time ?? Number.POSITIVE_INFINITY;
  const hold = runBacktest({
    ...config,
    strategies: () => [new BuyAndHoldStrategy(toStrategyId('hold'), [item.symbol], from)],
  });
  const mlWindow = windowMetrics(ml, from, item.periodsPerYear);
  const holdWindow = windowMetrics(hold, from, item.periodsPerYear);
  const quality = predictionMetrics(
    outcomes.map((each) => each.probability),
    outcomes.map((each) => each.label),
    outcomes.map((each) => each.forwardReturn),
  );
  const day = (time: number) => new Date(time).toISOString().slice(0, item.periodsPerYear > 252 ? 16 : 10);
  return {
    component: `ml walk-forward: ${item.name}, ${model}`,
    metric: `out of sample ${day(from)} .. ${day(item.bars[item.bars.length - 1]?.time ?? 0)} (${outcomes.length} predictions, ${seconds.toFixed(1)} s)`,
    target: 'beside buy and hold',
    measured:
      `ML ${percent(mlWindow.totalReturn)} (Sharpe ${mlWindow.sharpe.toFixed(2)}, max DD ${percent(-mlWindow.maxDrawdown)}, ${mlWindow.fills} fills, exposure ${percent(mlWindow.exposure)}); ` +
      `buy and hold ${percent(holdWindow.totalReturn)} (Sharpe ${holdWindow.sharpe.toFixed(2)}, max DD ${percent(-holdWindow.maxDrawdown)}); ` +
      `accuracy ${quality.accuracy.toFixed(3)}, AUC ${quality.auc.toFixed(3)}, IC ${quality.informationCoefficient.toFixed(3)}, log loss ${quality.logLoss.toFixed(3)}`,
    ratio: Number.NaN,
  };
}

export const mlWalkForwardSuite: BenchmarkSuite = {
  name: 'ml-walk-forward',
  async run() {
    const rows: BenchmarkRow[] = [];
    for (const item of cases()) {
      for (const model of ['random-forest', 'logistic-regression'] as const) {
        const row = await runCase(item, model);
        process.stderr.write(`${row.component}: ${row.measured}\n`);
        rows.push(row);
      }
    }
    return rows;
  },
};
