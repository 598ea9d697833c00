// Reads and writes files that hold secrets: they must be readable by their owner only (mode 0600).
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AtsError } from '@ats/core';

/** Reads a secret file; refuses one that group or others may read or write, naming the file and its mode. */
export function readPrivateFile(path: string, purpose: string): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new AtsError('CONFIG_INVALID', `${purpose}: cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if ((mode & 0o077) !== 0)
    throw new AtsError(
      'CONFIG_INVALID',
      `${purpose}: ${path} has mode ${(mode & 0o777).toString(8).padStart(4, '0')}; a secret file must be readable by its owner only (chmod 600 ${path})`,
    );
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

/** Writes a secret file with mode 0600 (its folder created 0700 if missing). */
export function writePrivateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
}
