// The work of `ats models`: REST calls to the strategy engine, and local training on bundled data (loaded only when asked).
import { readFileSync } from 'node:fs';
import { bundledDataFile, parseYahooCsv } from '@ats/backtest';
import { InvalidInputError, toSymbol } from '@ats/core';
import { dailyFeatureSet, trainModelVersion } from '@ats/ml';
import { apiCall } from './api-client.js';

export interface TrainOptions {
  readonly name: string;
  readonly symbol: string;
  readonly kind: string;
  readonly param: string[];
  readonly horizon: string;
  readonly folds: string;
  readonly seed: string;
  readonly dryRun?: boolean;
}

interface ModelVersion {
  name: string;
  version: number;
  kind: string;
  status: string;
  trainingFrom: number;
  trainingTo: number;
  metrics: Record<string, number | null>;
}

function wholeNumber(field: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum)
    throw new InvalidInputError(field, `'${text}' must be a whole number of at least ${minimum}`, text);
  return value;
}

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const path = (name: string) => `/models/${encodeURIComponent(name)}`;

export async function listModels(base: string, name: string | undefined): Promise<void> {
  const { models } = (await apiCall(base, name ? `/models?name=${encodeURIComponent(name)}` : '/models')) as {
    models: ModelVersion[];
  };
  for (const model of models) {
    const accuracy = model.metrics.accuracy;
    console.log(
      `${model.name.padEnd(24)} v${String(model.version).padEnd(4)} ${model.kind.padEnd(20)} ${model.status.padEnd(11)} ${day(model.trainingFrom)}..${day(model.trainingTo)}  accuracy ${typeof accuracy === 'number' ? accuracy.toFixed(3) : '-'}`,
    );
  }
}

export async function showModel(base: string, name: string, version: string): Promise<void> {
  console.log(
    JSON.stringify(
      await apiCall(base, `${path(name)}/versions/${wholeNumber('version', version, 1)}`),
      null,
      2,
    ),
  );
}

export async function compareModels(base: string, name: string, a: string, b: string): Promise<void> {
  const query = `a=${wholeNumber('a', a, 1)}&b=${wholeNumber('b', b, 1)}`;
  const comparison = (await apiCall(base, `${path(name)}/compare?${query}`)) as {
    metrics: Record<string, { a: number | null; b: number | null; difference: number | null }>;
    sameFeatures: boolean;
  };
  console.log(`metric                  v${a.padEnd(12)} v${b.padEnd(12)} difference`);
  for (const [metric, values] of Object.entries(comparison.metrics)) {
    const cell = (value: number | null) => (value === null ? '-' : value.toFixed(4)).padEnd(13);
    console.log(
      `${metric.padEnd(23)} ${cell(values.a)} ${cell(values.b)} ${values.difference === null ? '-' : values.difference.toFixed(4)}`,
    );
  }
  if (!comparison.sameFeatures) console.log('(the two versions read different features)');
}

export async function listPromotions(base: string, name: string): Promise<void> {
  console.log(JSON.stringify(await apiCall(base, `${path(name)}/promotions`), null, 2));
}

export async function promoteModel(
  base: string,
  name: string,
  version: string,
  reason: string,
): Promise<void> {
  const body = { version: wholeNumber('version', version, 1), reason };
  console.log(JSON.stringify(await apiCall(base, `${path(name)}/promote`, 'POST', body), null, 2));
}

export async function rollbackModel(base: string, name: string, reason: string): Promise<void> {
  console.log(JSON.stringify(await apiCall(base, `${path(name)}/rollback`, 'POST', { reason }), null, 2));
}

function parameters(entries: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of entries) {
    const match = /^([A-Za-z][\w-]*)=(-?\d+(\.\d+)?)$/.exec(entry);
    if (!match) throw new InvalidInputError('--param', `'${entry}' must look like name=number`, entry);
    out[match[1] as string] = Number(match[2]);
  }
  return out;
}

export async function trainModel(base: string, options: TrainOptions): Promise<void> {
  const symbol = toSymbol(options.symbol);
  const file = bundledDataFile(symbol);
  if (!file) throw new InvalidInputError('--symbol', `no bundled daily data for ${symbol}`, options.symbol);
  const bars = parseYahooCsv(readFileSync(file, 'utf8'), { symbol }).map((bar) => ({
    time: bar.time,
    open: bar.open.toNumber(),
    high: bar.high.toNumber(),
    low: bar.low.toNumber(),
    close: bar.close.toNumber(),
    volume: bar.volume,
  }));
  const features = dailyFeatureSet();
  const horizon = wholeNumber('--horizon', options.horizon, 1);
  const trained = await trainModelVersion({
    bars,
    features,
    horizon,
    kind: options.kind,
    parameters: parameters(options.param),
    seed: wholeNumber('--seed', options.seed, 0),
    folds: wholeNumber('--folds', options.folds, 2),
  });
  console.log(
    `${options.kind} on ${symbol} ${day(trained.trainingFrom)}..${day(trained.trainingTo)} (${trained.rows} rows), walk-forward out of sample:`,
  );
  for (const [metric, value] of Object.entries(trained.metrics))
    console.log(`  ${metric.padEnd(24)} ${value.toFixed(4)}`);
  if (options.dryRun) return;
  const { artifact } = trained;
  const created = await apiCall(base, '/models', 'POST', {
    name: options.name,
    kind: artifact.kind,
    task: artifact.task,
    features,
    parameters: parameters(options.param),
    horizonBars: horizon,
    symbols: [symbol],
    trainingFrom: trained.trainingFrom,
    trainingTo: trained.trainingTo,
    metrics: trained.metrics,
    columns: artifact.columns,
    contextRows: artifact.contextRows,
    artifact: Buffer.from(artifact.payload).toString('base64'),
  });
  const version = created as ModelVersion;
  console.log(`registered ${version.name} version ${version.version} (${version.status})`);
}
