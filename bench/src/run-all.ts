// Runs every benchmark suite in turn and prints one table: component, metric, target, measured, ratio.
import type { BenchmarkRow, BenchmarkSuite } from './benchmark-row.js';
import { suites } from './suites/index.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function printTable(rows: readonly BenchmarkRow[]): void {
  const header = ['component', 'metric', 'target', 'measured', 'ratio'];
  const cells = rows.map((row) => [
    row.component,
    row.metric,
    row.target,
    row.measured,
    Number.isFinite(row.ratio) ? `${row.ratio.toFixed(1)}x` : '',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values.map((value, column) => pad(value, widths[column] ?? 0)).join(' | ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const values of cells) console.log(line(values));
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const selected: readonly BenchmarkSuite[] = only ? suites.filter((suite) => suite.name === only) : suites;
  const rows: BenchmarkRow[] = [];
  for (const suite of selected) {
    process.stderr.write(`running ${suite.name}...\n`);
    rows.push(...(await suite.run()));
  }
  printTable(rows);
}

await main();
