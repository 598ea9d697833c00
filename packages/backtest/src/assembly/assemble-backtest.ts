// The one builder of a backtest run: a request (checked by the one schema) becomes the runner's config,
// with its strategy, data, fill rules, limits and account. The CLI, the REST API's worker, the optimizer's
// evaluator and the benchmarks all go through here, so an option exists for all of them or for none.
import {
  InvalidInputError,
  Money,
  type Ticker,
  type Timeframe,
  timeframeMilliseconds,
  toSymbol,
} from '@ats/core';
import { resolveStrategy, type StrategyFactory } from '@ats/strategies';
import type { BacktestAccount } from '../backtest-account.js';
import type { BacktestConfig } from '../backtest-runner.js';
import type { FillRules } from '../fill-rules.js';
import { deserializeRules } from '../optimization/serialized-backtest.js';
import {
  type BacktestRequest,
  type BacktestRequestInput,
  backtestRequestSchema,
} from './backtest-request.js';
import { type LoadedMarketData, loadMarketData, type MarketDataContext } from './load-market-data.js';

export interface AssemblyContext extends MarketDataContext {
  readonly onProgress?: (done: number) => void;
  /** Bars already loaded for this request (the optimizer loads once and runs many parameter sets). */
  readonly loaded?: LoadedMarketData;
}

export interface AssembledBacktest {
  readonly request: BacktestRequest;
  readonly symbols: readonly Ticker[];
  readonly timeframe: Timeframe;
  readonly config: BacktestConfig;
  /** A title for reports: strategy, parameters, symbols. */
  readonly title: string;
}

/**
 * A checked request with its defaults, or an InvalidInputError naming the first bad field
 * (`prefix` says where the request came from, e.g. 'body.' for the REST API).
 */
export function parseBacktestRequest(input: unknown, prefix = ''): BacktestRequest {
  const parsed = backtestRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = `${prefix}${issue?.path.map(String).join('.') ?? ''}` || 'request';
  throw new InvalidInputError(field, issue?.message ?? 'is invalid');
}

/** The request's symbols as tickers, naming a malformed one. */
export function symbolsOf(request: BacktestRequest): Ticker[] {
  return request.symbols.map((text) => {
    try {
      return toSymbol(text.toUpperCase());
    } catch (error) {
      throw new InvalidInputError('symbols', (error as Error).message, text);
    }
  });
}

/** The id a run's strategy trades under: a plug-in's own default (from its file or package name), else the kind. */
function strategyIdOf(factory: StrategyFactory, reference: string): string {
  const resolved = factory as StrategyFactory & { readonly defaultId?: string };
  return resolved.defaultId ?? reference;
}

/** The strategy of a request, built once with its parameters so a bad parameter is refused before any run. */
export async function checkedStrategy(
  request: BacktestRequest,
  symbols: readonly Ticker[],
): Promise<StrategyFactory> {
  // A registered kind, a strategy file (TypeScript or JavaScript) or an installed package.
  const factory = await resolveStrategy(request.strategy, { field: 'strategy' });
  try {
    factory(strategyIdOf(factory, request.strategy), symbols, request.parameters);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    throw new InvalidInputError('parameters', (error as Error).message);
  }
  return factory;
}

/** Fill rules of a request: next-open or close, fixed slippage, commission in basis points, participation. */
export function fillRulesOf(request: BacktestRequest): FillRules {
  return deserializeRules({
    marketFill: request.fill,
    slippage:
      request.slippage ??
      (request.slippageBps > 0
        ? { kind: 'fixed-basis-points', basisPoints: request.slippageBps }
        : { kind: 'none' }),
    commission: request.commission ?? { kind: 'basis-points', basisPoints: request.commissionBps },
    ...(request.participation !== undefined ? { volumeParticipation: request.participation } : {}),
  });
}

/** The venue account of a request, its absent options left out. */
function accountOf(account: BacktestRequest['account']): BacktestAccount {
  if (typeof account === 'string') return { kind: account };
  const reduce = account.reduceAtFill ? { reduceAtFill: true } : {};
  if (account.kind === 'cash') return { kind: 'cash', ...reduce };
  return {
    kind: 'margin',
    ...reduce,
    ...(account.patternDayTrader ? { patternDayTrader: true } : {}),
    ...(account.easyToBorrow ? { easyToBorrow: account.easyToBorrow } : {}),
  };
}

const year = 365.25 * 86_400_000;
/** A US equity session: 6.5 hours, 252 a year. */
const session = 6.5 * 3_600_000;

/** Equity points per year, for annualized metrics: 252 a year for daily points, 252 sessions of intraday ones. */
export function periodsPerYearOf(timeframe: Timeframe): number {
  const length = timeframeMilliseconds(timeframe);
  if (length < 86_400_000) return 252 * Math.max(1, session / length);
  if (length === 86_400_000) return 252;
  return year / length;
}

export async function assembleBacktest(
  input: BacktestRequestInput | BacktestRequest,
  context: AssemblyContext = {},
): Promise<AssembledBacktest> {
  const request = parseBacktestRequest(input);
  const symbols = symbolsOf(request);
  const factory = await checkedStrategy(request, symbols);
  const loaded = context.loaded ?? (await loadMarketData(request, symbols, context));
  const resolution = request.equityResolution as Timeframe | undefined;
  const config: BacktestConfig = {
    ...(loaded.stream ? { stream: loaded.stream } : { bars: loaded.bars ?? new Map() }),
    strategies: () => [factory(strategyIdOf(factory, request.strategy), symbols, request.parameters)],
    startingCash: Money.of(request.cash, 'cash'),
    rules: fillRulesOf(request),
    limits: { positionFraction: 1 / symbols.length, maxPositionSize: 1 },
    account: accountOf(request.account),
    ...(request.sizing ? { sizing: request.sizing } : {}),
    ...(request.monitor ? { monitor: request.monitor } : {}),
    periodsPerYear: periodsPerYearOf(resolution ?? loaded.timeframe),
    ...(resolution ? { equityResolution: resolution } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(context.onProgress ? { onProgress: context.onProgress } : {}),
  };
  return {
    request,
    symbols,
    timeframe: loaded.timeframe,
    config,
    title: `${request.strategy} ${JSON.stringify(request.parameters)} on ${symbols.join(', ')} (${loaded.timeframe})`,
  };
}
