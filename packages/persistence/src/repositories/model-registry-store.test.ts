// The model registry store (migration 013) on PGlite and PostgreSQL: numbered versions, one production
// version per name, promote and roll back with history, artifacts checked by digest, bad input named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '../test-database.js';
import { type NewModelVersion, SqlModelRegistryStore } from './model-registry-store.js';

const model = (overrides: Partial<NewModelVersion> = {}): NewModelVersion => ({
  name: 'orcl-daily',
  kind: 'random-forest',
  task: 'classification',
  features: [{ kind: 'return', period: 1 }],
  parameters: { trees: 100 },
  horizonBars: 5,
  symbols: ['ORCL'],
  trainingFrom: Date.UTC(2000, 0, 3),
  trainingTo: Date.UTC(2010, 11, 31),
  metrics: { accuracy: 0.53, auc: 0.55, logLoss: 0.69 },
  columns: 1,
  contextRows: 1,
  artifact: new TextEncoder().encode('{"trees":[]}'),
  ...overrides,
});

for (const kind of testDatabaseKinds()) {
  describe(`model registry store on ${kind}`, () => {
    // One migrated database for the file (opening it is the slow part, minutes on a loaded machine);
    // each test uses its own model names.
    let opened: TestDatabase;
    beforeAll(async () => {
      opened = await openTestDatabase(kind);
    }, 180_000);
    afterAll(async () => {
      await opened?.dispose();
    });

    it('numbers versions per name, promotes one at a time and rolls back to the previous production version', async () => {
      let now = Date.UTC(2024, 0, 1);
      const store = new SqlModelRegistryStore(opened.database, () => (now += 1000));
      const first = await store.register(model());
      const second = await store.register(model({ metrics: { accuracy: 0.56, auc: 0.58, logLoss: 0.68 } }));
      const other = await store.register(model({ name: 'spy-minute' }));
      expect([first.version, second.version, other.version]).toEqual([1, 2, 1]);
      expect(first.status).toBe('candidate');
      expect(first.trainingFrom).toBe(Date.UTC(2000, 0, 3));
      expect(first.symbols).toEqual(['ORCL']);
      expect(Buffer.from(await store.artifact('orcl-daily', 2)).toString()).toBe('{"trees":[]}');

      await store.promote('orcl-daily', 1, 'alice', 'first model');
      const promotion = await store.promote('orcl-daily', 2, 'alice', 'better AUC');
      expect(promotion.previousVersion).toBe(1);
      expect((await store.production('orcl-daily'))?.version).toBe(2);
      expect((await store.list('orcl-daily')).map((each) => each.status)).toEqual([
        'candidate',
        'production',
      ]);
      await expect(store.promote('orcl-daily', 2, 'alice', 'again')).rejects.toThrow(/already in production/);

      const rollback = await store.rollback('orcl-daily', 'bob', 'live accuracy below band');
      expect(rollback).toMatchObject({ version: 1, action: 'rollback', previousVersion: 2, actor: 'bob' });
      expect((await store.production('orcl-daily'))?.version).toBe(1);
      expect((await store.get('orcl-daily', 2))?.status).toBe('retired');
      expect((await store.promotions('orcl-daily')).map((each) => [each.action, each.version])).toEqual([
        ['promote', 1],
        ['promote', 2],
        ['rollback', 1],
      ]);
      // Version 1 replaced nothing: there is no earlier version to go back to.
      await expect(store.rollback('orcl-daily', 'bob', 'again')).rejects.toThrow(
        /replaced no earlier version/,
      );
      await expect(store.rollback('spy-minute', 'bob', 'none')).rejects.toThrow(/no production version/);
    });

    it('refuses a second production row in the database itself, and names bad input', async () => {
      const store = new SqlModelRegistryStore(opened.database, () => Date.UTC(2024, 0, 1));
      await store.register(model({ name: 'unique-production' }));
      await store.register(model({ name: 'unique-production' }));
      await opened.database.query(
        "UPDATE ml_models SET status = 'production' WHERE name = 'unique-production' AND version = 1",
      );
      await expect(
        opened.database.query(
          "UPDATE ml_models SET status = 'production' WHERE name = 'unique-production' AND version = 2",
        ),
      ).rejects.toThrow();
      await expect(store.register(model({ name: 'Bad Name' }))).rejects.toThrow(/model.name: "Bad Name"/);
      await expect(store.register(model({ metrics: { accuracy: Number.NaN } }))).rejects.toThrow(
        /model.metrics.accuracy: NaN is not finite/,
      );
      await expect(store.register(model({ trainingTo: 0 }))).rejects.toThrow(/model.trainingTo/);
      await expect(store.promote('unique-production', 9, 'alice', 'x')).rejects.toThrow(
        /version 9 does not exist/,
      );
    });

    it('detects a corrupted artifact by its digest', async () => {
      const store = new SqlModelRegistryStore(opened.database, () => Date.UTC(2024, 0, 1));
      await store.register(model({ name: 'corrupted' }));
      await opened.database.query("UPDATE ml_models SET artifact = '\\x00'::bytea WHERE name = 'corrupted'");
      await expect(store.artifact('corrupted', 1)).rejects.toThrow(/digest does not match/);
    });
  });
}
