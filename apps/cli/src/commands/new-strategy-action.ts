// The work of `ats new strategy`: checks the name and writes the template, never over a file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '@ats/core';

function className(name: string): string {
  return name
    .split('-')
    .map((part) => (part[0] ?? '').toUpperCase() + part.slice(1))
    .join('');
}

export function strategyTemplate(name: string): string {
  const type = className(name);
  return `// ${name}: a strategy written against the ATS strategy API. Run it with
//   ats backtest --strategy ./${name}.ts --symbols ORCL --param period=20
// and in paper or live trading with strategies: [{ id: ${name}, kind: ./${name}.ts, symbols: [AAPL] }].
import type { Bar, StrategyId, Ticker } from '@ats/core';
import { Strategy, type StrategyContext } from '@ats/engine';
import { SimpleMovingAverage } from '@ats/indicators';

/** Long while the close is above its moving average, flat below it. */
export default class ${type} extends Strategy {
  private readonly averages = new Map<Ticker, SimpleMovingAverage>();
  private readonly period: number;

  // ATS builds the strategy with its id, its symbols and the numeric parameters of --param or the
  // configuration's \`parameters\`. Check them here: a bad one stops the start with your message.
  constructor(id: StrategyId, symbols: readonly Ticker[], parameters: Readonly<Record<string, number>>) {
    super(id, symbols);
    this.period = parameters.period ?? 20;
    if (!Number.isInteger(this.period) || this.period < 2)
      throw new RangeError(\`${name}.period: \${this.period} must be a whole number of at least 2\`);
  }

  // Register indicators once; the runtime updates them with each closed bar before onBar runs.
  override onStart(context: StrategyContext): void {
    for (const symbol of this.symbols)
      this.averages.set(symbol, context.registerIndicator(symbol, new SimpleMovingAverage(this.period)));
  }

  // Decide on each closed bar. A signal is a wish: risk sizes it, may refuse it, and the fill updates
  // context.position(symbol). Never read the wall clock: use context.clock.
  override onBar(bar: Bar, context: StrategyContext): void {
    const average = this.averages.get(bar.symbol);
    if (!average?.ready) return;
    const above = bar.close.toNumber() > average.value;
    const held = context.position(bar.symbol) > 0;
    if (above && !held) context.signal(bar.symbol, 'LONG', { strength: 1 });
    else if (!above && held) context.signal(bar.symbol, 'FLAT');
  }
}
`;
}

export function writeStrategyTemplate(name: string, folder: string): void {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 50)
    throw new InvalidInputError(
      'name',
      `'${name}' must be kebab-case (e.g. my-momentum), at most 50 characters`,
      name,
    );
  const file = join(resolve(folder), `${name}.ts`);
  if (existsSync(file)) throw new InvalidInputError('name', `${file} exists; not overwritten`, name);
  mkdirSync(resolve(folder), { recursive: true });
  writeFileSync(file, strategyTemplate(name), { flag: 'wx' });
  console.log(`wrote ${file}\nrun it: ats backtest --strategy ${file} --symbols ORCL`);
}
