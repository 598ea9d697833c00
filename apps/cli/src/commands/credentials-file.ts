// Where `ats login` keeps its session: a JSON file readable by its owner only (0600) under the user's config folder.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StoredSession {
  /** The Security API the session belongs to (`http://127.0.0.1:8000/api/security`). */
  readonly securityUrl: string;
  readonly username: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires, epoch ms. */
  readonly expiresAt: number;
}

/** ATS_CREDENTIALS_FILE, else $XDG_CONFIG_HOME/ats/credentials.json, else ~/.config/ats/credentials.json. */
export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ATS_CREDENTIALS_FILE) return env.ATS_CREDENTIALS_FILE;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'ats', 'credentials.json');
}

export function readSession(path = credentialsPath()): StoredSession | null {
  if (!existsSync(path)) return null;
  // A session file others can read is refused: its tokens act as the user.
  if ((statSync(path).mode & 0o077) !== 0)
    throw new Error(`${path} is readable by other users; run chmod 600 on it (or ats login again)`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StoredSession;
  } catch {
    throw new Error(`${path} is not a session file; remove it and run ats login`);
  }
}

export function writeSession(session: StoredSession, path = credentialsPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of an existing file: set it again.
  chmodSync(path, 0o600);
}

export function removeSession(path = credentialsPath()): void {
  rmSync(path, { force: true });
}
