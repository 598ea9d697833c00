// Runs every benchmark suite in turn, each in its own process, and prints one table: component, metric,
// target, measured, ratio.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchmarkRow } from './benchmark-row.js';
import { type SuiteEntry, suites } from './suites/index.js';

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

/** Runs one suite in this process and writes its rows as JSON (the child side of `main`). */
async function runChild(name: string): Promise<void> {
  const entry = suites.find((candidate) => candidate.name === name);
  if (!entry)
    throw new Error(`no benchmark suite '${name}' (suites: ${suites.map((each) => each.name).join(', ')})`);
  const suite = await entry.load();
  process.stdout.write(`${JSON.stringify(await suite.run())}\n`);
}

/** Each suite in its own process, so one suite's heap and JIT state cannot skew the next one's figures. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const selected: readonly SuiteEntry[] = only ? suites.filter((suite) => suite.name === only) : suites;
  if (only && selected.length === 0)
    throw new Error(`no benchmark suite '${only}' (suites: ${suites.map((each) => each.name).join(', ')})`);
  const rows: BenchmarkRow[] = [];
  for (const suite of selected) {
    process.stderr.write(`running ${suite.name}...\n`);
    const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', suite.name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = output.trim().split('\n');
    rows.push(...(JSON.parse(lines[lines.length - 1] as string) as BenchmarkRow[]));
  }
  printTable(rows);
}

if (process.argv[2] === '--child') await runChild(process.argv[3] as string);
else await main();
