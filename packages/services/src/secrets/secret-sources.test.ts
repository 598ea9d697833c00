// Secrets come only from the environment or 0600 files: one in YAML stops the start naming its key.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';

function folderWith(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'ats-secrets-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

describe('secret sources', () => {
  it('stops on a secret in YAML, naming the key and the file but not the value', () => {
    const directory = folderWith({ 'default.yaml': 'secrets:\n  broker_api_secret: hunter2-very-secret\n' });
    const load = () => loadConfig({ directory, environment: 'default', env: {} });
    expect(load).toThrow(/secrets\.broker_api_secret is set in .*default\.yaml.*BROKER_API_SECRET_FILE/);
    expect(load).not.toThrow(/hunter2/);
  });

  it('stops on a secret in the environment-specific YAML under its environment key', () => {
    const directory = folderWith({ 'production.yaml': 'production:\n  secrets:\n    api_secret_key: x\n' });
    expect(() => loadConfig({ directory, environment: 'production', env: {} })).toThrow(
      /secrets\.api_secret_key is set in .*production\.yaml/,
    );
  });

  it('stops on a database URL with a password in YAML', () => {
    const directory = folderWith({
      'default.yaml': 'database:\n  url: postgres://ats:pa55word@db:5432/ats\n',
    });
    const load = () => loadConfig({ directory, environment: 'default', env: {} });
    expect(load).toThrow(/database\.url in .*default\.yaml carries a password.*DATABASE_URL/);
    expect(load).not.toThrow(/pa55word/);
  });

  it('reads a secret from the 0600 file its _FILE variable names', () => {
    const directory = folderWith({});
    const file = join(directory, 'api-secret');
    writeFileSync(file, 'from-a-file\n', { mode: 0o600 });
    const urlFile = join(directory, 'database-url');
    writeFileSync(urlFile, 'postgres://ats:pw@127.0.0.1:5432/ats', { mode: 0o600 });
    const config = loadConfig({
      directory,
      environment: 'default',
      env: { API_SECRET_KEY_FILE: file, DATABASE_URL_FILE: urlFile },
    });
    expect(config.secrets.api_secret_key).toBe('from-a-file');
    expect(config.database.url).toBe('postgres://ats:pw@127.0.0.1:5432/ats');
  });

  it('refuses a secret file that others may read, naming the file and its mode', () => {
    const directory = folderWith({});
    const file = join(directory, 'token');
    writeFileSync(file, 'abc');
    chmodSync(file, 0o644);
    expect(() => loadConfig({ directory, environment: 'default', env: { GOTIFY_TOKEN_FILE: file } })).toThrow(
      /GOTIFY_TOKEN_FILE: .*token has mode 0644; a secret file must be readable by its owner only/,
    );
  });

  it('refuses a secret set both directly and through a file', () => {
    const directory = folderWith({});
    expect(() =>
      loadConfig({
        directory,
        environment: 'default',
        env: { API_SECRET_KEY: 'a', API_SECRET_KEY_FILE: '/x' },
      }),
    ).toThrow(/both API_SECRET_KEY and API_SECRET_KEY_FILE are set/);
  });
});
