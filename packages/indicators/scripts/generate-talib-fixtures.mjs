// Writes fixtures/talib-<series>.json: TA-Lib's own outputs for every case of talib-cases.json.
// Needs the `talib` npm package (it builds TA-Lib's C sources); install it outside the project, e.g.
//   mkdir /tmp/talib && cd /tmp/talib && npm install talib --foreground-scripts
// then run: NODE_PATH=/tmp/talib/node_modules node packages/indicators/scripts/generate-talib-fixtures.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const talib = require('talib');
const folder = new URL('../fixtures/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('./talib-cases.json', import.meta.url), 'utf8'));

for (const series of ['orcl-1995-2014', 'nvda-1999-2014', 'yhoo-1996-2014']) {
  const rows = readFileSync(new URL(`${series}.txt`, folder), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const columns = {
    open: rows.map((row) => Number(row[1])),
    high: rows.map((row) => Number(row[2])),
    low: rows.map((row) => Number(row[3])),
    close: rows.map((row) => Number(row[4])),
    volume: rows.map((row) => Number(row[6])),
  };
  const output = { series, talibPackage: require('talib/package.json').version, cases: [] };
  for (const testCase of cases) {
    // TA-Lib takes one real series as inReal and prices as open/high/low/close/volume; pass all of them.
    const inputs = { inReal: columns.close, ...columns };
    const result = talib.execute({
      name: testCase.name,
      startIdx: 0,
      endIdx: rows.length - 1,
      ...inputs,
      ...testCase.options,
    });
    if (result.error) throw new Error(`${testCase.name}: ${result.error}`);
    output.cases.push({ ...testCase, begIndex: result.begIndex, outputs: result.result });
  }
  writeFileSync(new URL(`talib-${series}.json`, folder), JSON.stringify(output));
  console.log(`${series}: ${output.cases.length} indicators`);
}
