// Reads corporate actions from a CSV file's text: symbol,kind,ex_date,ratio_or_amount.
import { type CorporateAction, canonicalSymbol, InvalidInputError, Price } from '@ats/core';

/**
 * The format (header required, any column order):
 *   symbol,kind,ex_date,value
 *   NVDA,split,2024-06-10,10:1      (to:from, "10 shares for 1"; also written 10-for-1)
 *   AAPL,dividend,2024-08-12,0.25   (cash per share)
 * Every bad line is reported with its line number; nothing is returned unless the whole file parses.
 */
export function parseCorporateActionsCsv(text: string, source: string): CorporateAction[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((name) => name.trim().toLowerCase());
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0)
      throw new InvalidInputError('corporate actions file', `the header has no '${name}' column`);
    return index;
  };
  const [symbolAt, kindAt, dateAt, valueAt] = [
    column('symbol'),
    column('kind'),
    column('ex_date'),
    column('value'),
  ];
  const actions: CorporateAction[] = [];
  const problems: string[] = [];
  for (let number = 2; number <= lines.length; number++) {
    const line = (lines[number - 1] ?? '').trim();
    if (line === '') continue;
    const cells = line.split(',').map((cell) => cell.trim());
    try {
      const symbol = canonicalSymbol(cells[symbolAt] ?? '');
      const date = cells[dateAt] ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
        throw new Error(`ex_date '${date}' is not YYYY-MM-DD`);
      const exDate = Date.parse(`${date}T00:00:00Z`);
      const kind = (cells[kindAt] ?? '').toLowerCase();
      const value = cells[valueAt] ?? '';
      if (kind === 'split') {
        const ratio = /^(\d+)\s*(?::|-for-|\/)\s*(\d+)$/.exec(value);
        if (!ratio) throw new Error(`split ratio '${value}' is not to:from such as 10:1`);
        const to = Number(ratio[1]);
        const from = Number(ratio[2]);
        if (to <= 0 || from <= 0 || to === from) throw new Error(`split ratio '${value}' changes nothing`);
        actions.push({ kind: 'split', symbol, exDate, from, to, source });
      } else if (kind === 'dividend') {
        const amount = Price.of(value, 'dividend');
        if (!amount.isPositive()) throw new Error(`dividend '${value}' must be positive`);
        actions.push({ kind: 'dividend', symbol, exDate, amount, source });
      } else throw new Error(`kind '${cells[kindAt]}' is neither split nor dividend`);
    } catch (error) {
      problems.push(`line ${number}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) throw new InvalidInputError('corporate actions file', problems.join('; '));
  return actions;
}
