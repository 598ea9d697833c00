// The logged-in session: tokens from POST /api/security/login kept in sessionStorage (gone with the tab),
// refreshed before they expire, and the principal from /api/security/me.

export type Role = 'viewer' | 'trader' | 'risk' | 'admin';
export type Permission = 'read' | 'trade' | 'backtest' | 'risk' | 'admin';

export interface Principal {
  readonly kind: string;
  readonly id: string;
  readonly role: Role;
}

interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

const storageKey = 'ats.session';

const permissionsOfRole: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ['read'],
  trader: ['read', 'trade', 'backtest'],
  risk: ['read', 'risk', 'backtest'],
  admin: ['read', 'trade', 'backtest', 'risk', 'admin'],
};

/** The same table as the server's; the server decides, this only hides what would be refused. */
export function roleMay(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && permissionsOfRole[role].includes(permission);
}

export function storedTokens(): StoredTokens | null {
  try {
    const text = sessionStorage.getItem(storageKey);
    return text ? (JSON.parse(text) as StoredTokens) : null;
  } catch {
    return null;
  }
}

export function storeTokens(tokens: StoredTokens | null): void {
  if (tokens === null) sessionStorage.removeItem(storageKey);
  else sessionStorage.setItem(storageKey, JSON.stringify(tokens));
}

/** Logs in; throws an Error with the server's message when refused. */
export async function logIn(username: string, password: string): Promise<void> {
  const response = await fetch('api/security/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(String(body.message ?? `login failed (${response.status})`));
  storeTokens({ accessToken: String(body.accessToken), refreshToken: String(body.refreshToken) });
  sessionStorage.setItem('ats.username', username);
}

/** The refresh under way: requests refused together share it (see refreshTokens). */
let refreshing: Promise<boolean> | null = null;

/**
 * Trades the refresh token for new tokens; false when the session is over. One at a time: the server
 * rotates refresh tokens and treats a reused one as stolen (it ends the session), so several requests
 * refused at the same expiry must not each present the same refresh token.
 */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= refreshOnce().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refreshOnce(): Promise<boolean> {
  const tokens = storedTokens();
  if (!tokens) return false;
  const response = await fetch('api/security/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: tokens.refreshToken }),
  });
  if (!response.ok) {
    storeTokens(null);
    return false;
  }
  const body = (await response.json()) as { accessToken: string; refreshToken: string };
  storeTokens({ accessToken: body.accessToken, refreshToken: body.refreshToken });
  return true;
}

export async function logOut(): Promise<void> {
  const tokens = storedTokens();
  storeTokens(null);
  if (tokens)
    await fetch('api/security/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    }).catch(() => undefined);
}
