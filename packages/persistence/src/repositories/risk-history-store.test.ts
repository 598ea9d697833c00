// The stored VaR history (migration 007) on PGlite and PostgreSQL: each sample closes the previous one
// with the P&L since it, a duplicate sample changes nothing, and the high-water mark survives.
import { Money } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../test-database.js';
import { SqlRiskHistoryStore } from './risk-history-store.js';

for (const kind of testDatabaseKinds()) {
  describe(`risk history store on ${kind}`, () => {
    let opened: TestDatabase | null = null;
    afterEach(async () => {
      await opened?.dispose();
      opened = null;
    });

    it('closes each sample with the equity change to the next and keeps the order', async () => {
      opened = await openTestDatabase(kind);
      const store = new SqlRiskHistoryStore(opened.database);
      const sample = (day: number, equity: string, valueAtRisk: number) => ({
        accountId: 'acct',
        sampledAt: Date.UTC(2024, 0, day),
        method: 'parametric',
        confidence: 0.99,
        horizonDays: 1,
        valueAtRisk,
        expectedShortfall: valueAtRisk * 1.15,
        equity: Money.of(equity),
      });
      await store.recordSample(sample(2, '100000.00', 2000));
      await store.recordSample(sample(3, '99000.50', 2100));
      await store.recordSample(sample(3, '99000.50', 2100));
      await store.recordSample(sample(4, '101500.25', 1900));
      const rows = await store.history('acct', 'parametric');
      // P&L: 99,000.50 - 100,000.00 = -999.50; 101,500.25 - 99,000.50 = 2,499.75; the newest is open.
      expect(rows.map((row) => row.pnl)).toEqual([-999.5, 2499.75, null]);
      expect(rows.map((row) => row.valueAtRisk)).toEqual([2000, 2100, 1900]);
      expect(rows[1]?.equity.toString()).toBe(Money.of('99000.50').toString());
      await expect(store.recordSample({ ...sample(5, '1', 1), valueAtRisk: Number.NaN })).rejects.toThrow(
        /valueAtRisk is not finite/,
      );
      expect(await store.history('acct', 'parametric')).toHaveLength(3);
    });

    it('keeps the high-water mark across a new store (a restart)', async () => {
      opened = await openTestDatabase(kind);
      expect(await new SqlRiskHistoryStore(opened.database).loadHighWaterMark('acct')).toBeNull();
      await new SqlRiskHistoryStore(opened.database).saveHighWaterMark('acct', Money.of('105000.25'), 1000);
      await new SqlRiskHistoryStore(opened.database).saveHighWaterMark('acct', Money.of('107000'), 2000);
      const restored = await new SqlRiskHistoryStore(opened.database).loadHighWaterMark('acct');
      expect(restored?.toString()).toBe(Money.of('107000').toString());
    });
  });
}
