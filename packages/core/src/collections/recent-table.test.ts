// RecentTable: a key's record is made once, at its first `of`; `find` never makes one; the remembered
// last lookup never answers for another key; records come back in first-mention order.
import { describe, expect, it } from 'vitest';
import { RecentTable } from './recent-table.js';

describe('RecentTable', () => {
  it('makes a record once per key, at its first `of`, and answers each key with its own record after switching keys', () => {
    const made: string[] = [];
    const table = new RecentTable<string, { symbol: string; count: number }>((symbol) => {
      made.push(symbol);
      return { symbol, count: 0 };
    });
    table.of('ORCL').count++;
    table.of('ORCL').count++;
    table.of('SPY').count++;
    table.of('ORCL').count++;
    expect(made).toEqual(['ORCL', 'SPY']);
    expect(table.find('ORCL')?.count).toBe(3);
    expect(table.find('SPY')?.count).toBe(1);
    expect([...table.values()].map((record) => record.symbol)).toEqual(['ORCL', 'SPY']);
  });

  it('finds nothing for a key never mentioned, makes nothing then, and still answers the last key', () => {
    const table = new RecentTable<string, { symbol: string }>((symbol) => ({ symbol }));
    const orcl = table.of('ORCL');
    expect(table.find('MSFT')).toBeUndefined();
    expect([...table.values()]).toEqual([orcl]);
    expect(table.find('ORCL')).toBe(orcl);
  });
});
