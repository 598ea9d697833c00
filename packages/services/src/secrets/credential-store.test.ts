// Encrypted credentials on PGlite and PostgreSQL: sealed at rest with the key id on each row, moved
// rows refused, and a master-key rotation that re-seals every row while a reader keeps reading.
import { openTestDatabase, type TestDatabase, testDatabaseKinds } from '@ats/persistence';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialStore } from './credential-store.js';
import { masterKeyring } from './master-keyring.js';

const oldSecret = 'old-api-secret-key-0123456789';
const newSecret = 'new-api-secret-key-9876543210';

describe.each(testDatabaseKinds())('encrypted credentials on %s', (kind) => {
  let test: TestDatabase | null = null;
  afterEach(async () => {
    await test?.dispose();
    test = null;
  });

  it('stores ciphertext only, with the master key id, and reads the plaintext back', async () => {
    test = await openTestDatabase(kind);
    const keyring = masterKeyring(oldSecret);
    const store = new CredentialStore(test.database, keyring);
    await store.put('alpaca', 'api_secret', 'sk-live-abcdef');
    const [row] = await test.database.query<{ key_id: string; envelope: string }>(
      'SELECT key_id, envelope FROM encrypted_credentials',
    );
    expect(row?.key_id).toBe(keyring.current.id);
    expect(row?.envelope).not.toContain('sk-live-abcdef');
    expect(JSON.parse(row?.envelope as string)).toMatchObject({ version: 1, keyId: keyring.current.id });
    expect(await store.get('alpaca', 'api_secret')).toBe('sk-live-abcdef');
    // A ciphertext copied to another row does not open there (owner and field are authenticated).
    await test.database.query(
      "INSERT INTO encrypted_credentials (owner, field, key_id, envelope) SELECT 'ccxt', 'api_secret', key_id, envelope FROM encrypted_credentials",
    );
    await expect(store.get('ccxt', 'api_secret')).rejects.toThrow(/does not decrypt/);
    // A reader without the key is told which key id it lacks.
    await expect(
      new CredentialStore(test.database, masterKeyring(newSecret)).get('alpaca', 'api_secret'),
    ).rejects.toThrow(new RegExp(`master key ${keyring.current.id}`));
  });

  it('rotation re-seals every credential with the new key while a reader keeps reading all of them', async () => {
    test = await openTestDatabase(kind);
    const database = test.database;
    const before = new CredentialStore(database, masterKeyring(oldSecret));
    const expected = new Map<string, string>();
    for (let index = 0; index < 60; index++) {
      const owner = `provider-${index % 6}`;
      const field = `field-${index}`;
      expected.set(`${owner}/${field}`, `secret-value-${index}`);
      await before.put(owner, field, `secret-value-${index}`);
    }
    // Services rolled out first with the new key current and the old one still accepted.
    const rotating = masterKeyring(newSecret, [oldSecret]);
    const reader = new CredentialStore(database, rotating);
    let rotationDone = false;
    let reads = 0;
    const failures: unknown[] = [];
    const readLoop = (async () => {
      while (!rotationDone || reads < 120) {
        for (const [name, value] of expected) {
          const [owner, field] = name.split('/') as [string, string];
          try {
            expect(await reader.get(owner, field)).toBe(value);
          } catch (error) {
            failures.push(error);
          }
          reads++;
        }
      }
    })();
    const outcome = await new CredentialStore(database, rotating).rotate();
    rotationDone = true;
    await readLoop;
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThanOrEqual(120);
    expect(outcome).toEqual({ reSealed: 60, alreadyCurrent: 0 });
    const keyIds = await database.query<{ key_id: string }>(
      'SELECT DISTINCT key_id FROM encrypted_credentials',
    );
    expect(keyIds).toEqual([{ key_id: rotating.current.id }]);
    // After the rotation the old key is no longer needed.
    const after = new CredentialStore(database, masterKeyring(newSecret));
    for (const [name, value] of expected) {
      const [owner, field] = name.split('/') as [string, string];
      expect(await after.get(owner, field)).toBe(value);
    }
    expect(await new CredentialStore(database, rotating).rotate()).toEqual({
      reSealed: 0,
      alreadyCurrent: 60,
    });
  });
});
