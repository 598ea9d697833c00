// resolveStrategy: registered kinds, TypeScript and JavaScript files outside the repository (with
// their own relative imports), installed packages, and the errors that name what is wrong.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Bar,
  IdGenerator,
  Price,
  SeededRandom,
  type SignalGenerated,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStrategy } from './resolve-strategy.js';

const folder = mkdtempSync(join(tmpdir(), 'ats-plugin-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

// A TypeScript strategy with a relative import and a type annotation Node 20 cannot run by itself.
writeFileSync(
  join(folder, 'threshold.ts'),
  `export const above = (value: number, level: number): boolean => value > level;\n`,
);
writeFileSync(
  join(folder, 'breakout.ts'),
  `import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { SimpleMovingAverage } from '@ats/indicators';
import { above } from './threshold.ts';

export default class Breakout extends Strategy {
  private average!: SimpleMovingAverage;
  constructor(id: StrategyId, symbols: readonly Ticker[], private readonly parameters: Record<string, number>) {
    super(id, symbols);
  }
  override onStart(context: StrategyContext): void {
    this.average = context.registerIndicator(this.symbols[0] as Ticker, new SimpleMovingAverage(this.parameters.period ?? 2));
  }
  override onBar(bar: Bar, context: StrategyContext): void {
    if (!this.average.ready) return;
    const close = bar.close.toNumber();
    if (above(close, this.average.value) && context.position(bar.symbol) <= 0) context.signal(bar.symbol, 'LONG');
  }
}
`,
);
// A JavaScript factory function, the other export form.
writeFileSync(
  join(folder, 'always-long.mjs'),
  `import { Strategy } from '@ats/engine';
class AlwaysLong extends Strategy {
  onBar(bar, context) { context.signal(bar.symbol, 'LONG', { strength: 0.5 }); }
}
export default (id, symbols) => new AlwaysLong(id, symbols);
`,
);
writeFileSync(join(folder, 'broken.ts'), 'export default class {\n  onBar( {\n}\n');
writeFileSync(join(folder, 'nothing.ts'), 'export const value = 1;\n');
// An installed package: node_modules/my-ats-strategy with an ES module entry.
mkdirSync(join(folder, 'node_modules', 'my-ats-strategy'), { recursive: true });
writeFileSync(
  join(folder, 'node_modules', 'my-ats-strategy', 'package.json'),
  JSON.stringify({ name: 'my-ats-strategy', type: 'module', exports: { '.': { import: './main.js' } } }),
);
writeFileSync(
  join(folder, 'node_modules', 'my-ats-strategy', 'main.js'),
  `import { Strategy } from '@ats/engine';\nexport default class Quiet extends Strategy {}\n`,
);

const symbol = 'ORCL' as Ticker;

function signalsOf(strategy: ReturnType<Awaited<ReturnType<typeof resolveStrategy>>>, closes: number[]) {
  const bus = new InProcessMessageBus();
  const runtime = new StrategyRuntime({
    bus,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
  });
  runtime.add(strategy);
  runtime.start();
  const signals: SignalGenerated[] = [];
  bus.subscribe(topics.allSignals, (event) => {
    if (event.type === 'SignalGenerated') signals.push(event);
  });
  closes.forEach((close, index) => {
    const price = Price.of(close);
    const bar: Bar = {
      symbol,
      timeframe: '1d',
      time: index,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: 1,
    };
    runtime.onBar(bar);
  });
  return signals;
}

describe('resolveStrategy', () => {
  it('resolves a registered kind to its registry factory', async () => {
    const factory = await resolveStrategy('sma-cross');
    expect(factory.source).toBe('registered');
    expect(factory('a', [symbol], { fast: 2, slow: 3 }).id).toBe('a');
  });

  it('loads a TypeScript class from a file outside the repository, with its relative imports', async () => {
    const factory = await resolveStrategy('./breakout.ts', { cwd: folder });
    expect(factory.source).toBe('file');
    expect(factory.defaultId).toBe('breakout');
    const signals = signalsOf(factory('breakout', [symbol], { period: 2 }), [10, 10, 12]);
    expect(
      signals.map((signal) => [signal.strategyId, signal.direction, signal.referencePrice.toNumber()]),
    ).toEqual([['breakout', 'LONG', 12]]);
  });

  it('loads a JavaScript factory function by absolute path', async () => {
    const factory = await resolveStrategy(join(folder, 'always-long.mjs'));
    const signals = signalsOf(factory('always', [symbol], {}), [5]);
    expect(signals.map((signal) => signal.strength)).toEqual([0.5]);
  });

  it('loads an installed package by name', async () => {
    const factory = await resolveStrategy('my-ats-strategy', { cwd: folder });
    expect(factory.source).toBe('package');
    expect(factory('quiet', [symbol], {}).symbols).toEqual([symbol]);
  });

  it('names a missing file, a compile error, a module without a strategy, and an unknown name', async () => {
    await expect(resolveStrategy('./missing.ts', { cwd: folder, field: '--strategy' })).rejects.toThrow(
      /--strategy: no strategy file .*missing\.ts/,
    );
    await expect(resolveStrategy('./broken.ts', { cwd: folder })).rejects.toThrow(
      /cannot compile strategy .*broken\.ts/,
    );
    await expect(resolveStrategy('./nothing.ts', { cwd: folder })).rejects.toThrow(/exports no strategy/);
    await expect(resolveStrategy('no-such-package', { cwd: folder })).rejects.toThrow(
      /'no-such-package' is not one of sma-cross.*, a strategy file, or a package installed/,
    );
    await expect(resolveStrategy('Not A Name!', { cwd: folder })).rejects.toThrow(
      /'Not A Name!' is not one of sma-cross/,
    );
  });
});
