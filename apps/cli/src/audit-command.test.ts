// `ats audit verify|search|export` on an embedded store: a clean chain verifies; a row a superuser altered
// with the triggers disabled is named by its record number and the command exits 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, PgliteDatabase } from '@ats/persistence';
import { AuditLogWriter, loadAuditSigningKey } from '@ats/services';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));

describe('ats audit', () => {
  it('verifies a clean chain, then names the record altered in the database', async () => {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'ats-cli-audit-'));
    const store = await PgliteDatabase.open(join(dataDirectory, 'pglite'));
    await migrate(store);
    const writer = new AuditLogWriter({
      database: store,
      signingKey: loadAuditSigningKey({ dataFolder: dataDirectory, env: {} }),
      checkpointEvery: 5,
    });
    for (let index = 1; index <= 12; index++)
      writer.record({
        occurredAt: Date.UTC(2026, 2, 2, 10, index),
        actor: { kind: 'user', id: index === 4 ? 'carol' : 'dave', role: 'risk' },
        action: 'http.POST',
        object: '/api/risk-manager/halt',
        source: '10.0.0.7',
        outcome: 'success',
        detail: { index },
      });
    await writer.close();
    await store.close();
    const ats = (...args: string[]) =>
      spawnSync(process.execPath, [main, 'audit', ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          ATS_DATA_DIR: dataDirectory,
          DATABASE_URL: '',
          REDIS_URL: '',
          ATS_AUDIT_SIGNING_KEY: '',
        },
      });

    const clean = ats('verify');
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('audit chain verified: 12 records');
    const found = ats('search', '--actor', 'carol');
    expect(found.status, found.stderr).toBe(0);
    expect(JSON.parse(found.stdout.trim())).toMatchObject({ seq: 4, actorId: 'carol' });
    const exported = ats('export', '--from', '2026-03-01', '--to', '2026-03-03');
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout.split('\r\n')[0]).toMatch(/^orderId,createdAt,accountId/);

    const tampered = await PgliteDatabase.open(join(dataDirectory, 'pglite'));
    await tampered.query('ALTER TABLE audit_records DISABLE TRIGGER USER');
    await tampered.query(`UPDATE audit_records SET actor_id = 'dave' WHERE seq = 4`);
    await tampered.query('ALTER TABLE audit_records ENABLE TRIGGER USER');
    await tampered.close();
    const broken = ats('verify');
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('audit chain BROKEN at record 4');
  }, 240_000);
});
