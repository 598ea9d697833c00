// Resolves a strategy reference (a registered kind, a file path, or a package name) to a factory:
// the one entry point the CLI, the backtest builder, the backtesting API and the services use.
import { existsSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { InvalidInputError, type Ticker, toStrategyId } from '@ats/core';
import type { Strategy } from '@ats/engine';
import { type StrategyFactory, strategyFactoryOf, strategyRegistry } from '../strategy-registry.js';
import { loadStrategyModule, packageEntry } from './load-strategy-module.js';
import { defaultStrategyId, referenceKind, type StrategyReferenceKind } from './strategy-reference.js';

/** A factory and where it came from; `defaultId` names a strategy when the caller has no id. */
export type ResolvedStrategyFactory = StrategyFactory & {
  readonly reference: string;
  readonly source: StrategyReferenceKind;
  readonly defaultId: string;
};

export interface ResolveStrategyOptions {
  /** Where relative paths and packages are looked up from (default: the working directory). */
  readonly cwd?: string;
  /** The option or key that named the reference, for error messages (default: `strategy`). */
  readonly field?: string;
}

// One load per file and process: a second resolution of the same file shares the module.
const loaded = new Map<string, Promise<StrategyFactory>>();

const hooks = ['onStart', 'onBar', 'onQuote', 'onFill', 'onStop'] as const;

/** Whether a value built by a plug-in is a strategy the runtime can drive (by shape: see below). */
function checkStrategy(value: unknown, reference: string): Strategy {
  // By shape, not instanceof: a plug-in compiled against another copy of @ats/engine (a test
  // runner's sources, a package's own dependency) still extends a compatible Strategy.
  const candidate = value as Partial<Record<string, unknown>> | null;
  if (
    !candidate ||
    typeof candidate.id !== 'string' ||
    !Array.isArray(candidate.symbols) ||
    hooks.some((hook) => typeof candidate[hook] !== 'function')
  )
    throw new InvalidInputError(
      'strategy',
      `${reference} did not build a Strategy (extend Strategy from @ats/engine: id, symbols, ${hooks.join(', ')})`,
    );
  return candidate as unknown as Strategy;
}

function isClass(value: unknown): value is new (...args: unknown[]) => unknown {
  return typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/**
 * The module's default export (or its `createStrategy`) is either a factory
 * `(id, symbols, parameters) => Strategy` or a class extending Strategy whose constructor takes
 * the same three arguments.
 */
function factoryOfModule(module: Record<string, unknown>, reference: string): StrategyFactory {
  const exported = module.default ?? module.createStrategy;
  if (typeof exported !== 'function')
    throw new Error(
      `${reference} exports no strategy: export default a Strategy subclass or a function (id, symbols, parameters) => Strategy`,
    );
  return (id, symbols, parameters) => {
    const built = isClass(exported)
      ? new exported(toStrategyId(id), symbols, parameters)
      : (exported as StrategyFactory)(id, symbols, parameters);
    return checkStrategy(built, reference);
  };
}

function loadOnce(path: string, reference: string): Promise<StrategyFactory> {
  let pending = loaded.get(path);
  if (!pending) {
    pending = loadStrategyModule(path).then((module) => factoryOfModule(module, reference));
    // A failed load is not cached: the user fixes the file and tries again in the same process.
    pending.catch(() => loaded.delete(path));
    loaded.set(path, pending);
  }
  return pending;
}

function withOrigin(
  factory: StrategyFactory,
  reference: string,
  source: StrategyReferenceKind,
  defaultId: string,
): ResolvedStrategyFactory {
  const wrapped = ((id: string, symbols: readonly Ticker[], parameters: Readonly<Record<string, number>>) =>
    factory(id, symbols, parameters)) as ResolvedStrategyFactory;
  return Object.assign(wrapped, { reference, source, defaultId });
}

/** Resolves a reference to its factory; a clear error names what is wrong with it. */
export async function resolveStrategy(
  reference: string,
  options: ResolveStrategyOptions = {},
): Promise<ResolvedStrategyFactory> {
  const field = options.field ?? 'strategy';
  const cwd = options.cwd ?? process.cwd();
  const kind = referenceKind(reference, (name) => strategyFactoryOf(name) !== undefined);
  const known = Object.keys(strategyRegistry).join(', ');
  if (kind === 'registered')
    return withOrigin(strategyFactoryOf(reference) as StrategyFactory, reference, kind, reference);
  if (kind === 'file') {
    const path = resolvePath(cwd, reference);
    if (!existsSync(path) || !statSync(path).isFile())
      throw new InvalidInputError(field, `no strategy file ${path} (registered kinds: ${known})`, reference);
    try {
      return withOrigin(await loadOnce(path, reference), reference, kind, defaultStrategyId(reference));
    } catch (error) {
      throw new InvalidInputError(field, (error as Error).message, reference);
    }
  }
  if (kind === 'package') {
    const entry = packageEntry(reference, cwd);
    if (!entry)
      throw new InvalidInputError(
        field,
        `'${reference}' is not one of ${known}, a strategy file, or a package installed under ${cwd}`,
        reference,
      );
    try {
      return withOrigin(await loadOnce(entry, reference), reference, kind, defaultStrategyId(reference));
    } catch (error) {
      throw new InvalidInputError(field, (error as Error).message, reference);
    }
  }
  throw new InvalidInputError(
    field,
    `'${reference}' is not one of ${known}, a strategy file path, or a package name`,
    reference,
  );
}
