// The work of `ats login|logout|users|keys`, loaded only when one of them runs.
import { InvalidInputError } from '@ats/core';
import { isRole, roles } from '@ats/services';
import { apiCall, publicCall } from './api-client.js';
import { credentialsPath, readSession, removeSession, writeSession } from './credentials-file.js';
import { readSecret } from './secret-input.js';

function roleOf(text: string): (typeof roles)[number] {
  if (!isRole(text)) throw new InvalidInputError('role', `must be one of ${roles.join(', ')}`, text);
  return text;
}

function positiveDays(text: string): number {
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new InvalidInputError('days', 'must be a whole number of days from 1 to 3650', text);
  return days;
}

interface UserRow {
  username: string;
  role: string;
  disabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

interface KeyRow {
  id: string;
  name: string;
  role: string;
  kind: string;
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
}

export async function login(username: string, options: { url: string; print?: boolean }): Promise<void> {
  const password = process.env.ATS_PASSWORD ?? (await readSecret(`password for ${username}: `));
  const session = (await publicCall(options.url, '/login', { username, password })) as {
    accessToken: string;
    refreshToken: string;
    expiresIn: number;
    role: string;
  };
  if (options.print) {
    console.log(session.accessToken);
    return;
  }
  const path = credentialsPath();
  writeSession(
    {
      securityUrl: options.url,
      username,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
      expiresAt: Date.now() + session.expiresIn * 1000,
    },
    path,
  );
  console.log(`logged in as ${username} (${session.role}); session kept in ${path}`);
}

export async function logout(): Promise<void> {
  const session = readSession();
  if (!session) {
    console.log('no stored session');
    return;
  }
  await apiCall(session.securityUrl, '/logout', 'POST').catch((error: Error) =>
    console.error(`the session could not be revoked: ${error.message}`),
  );
  removeSession();
  console.log('logged out');
}

export async function addUser(url: string, username: string, options: { role: string }): Promise<void> {
  const role = roleOf(options.role);
  const password = process.env.ATS_NEW_PASSWORD ?? (await readSecret(`new password for ${username}: `));
  const user = (await apiCall(url, '/users', 'POST', { username, password, role })) as UserRow;
  console.log(`added ${user.username} as ${user.role}`);
}

export async function listUsers(url: string): Promise<void> {
  for (const user of (await apiCall(url, '/users')) as UserRow[])
    console.log(
      `${user.username.padEnd(24)} ${user.role.padEnd(8)} ${user.disabled ? 'disabled' : 'enabled '} ${user.lockedUntil ? `locked until ${user.lockedUntil}` : ''}`,
    );
}

export async function setUserDisabled(url: string, username: string, disabled: boolean): Promise<void> {
  await apiCall(url, `/users/${encodeURIComponent(username)}`, 'PATCH', { disabled });
  console.log(`${username} ${disabled ? 'disabled' : 'enabled'}`);
}

export async function setUserRole(url: string, username: string, role: string): Promise<void> {
  await apiCall(url, `/users/${encodeURIComponent(username)}`, 'PATCH', { role: roleOf(role) });
  console.log(`${username} is now ${role}`);
}

export async function createKey(
  url: string,
  name: string,
  options: { role: string; kind: string; days?: string },
): Promise<void> {
  if (options.kind !== 'service' && options.kind !== 'script')
    throw new InvalidInputError('kind', 'must be service or script', options.kind);
  const created = (await apiCall(url, '/keys', 'POST', {
    name,
    role: roleOf(options.role),
    kind: options.kind,
    ...(options.days === undefined ? {} : { expiresInDays: positiveDays(options.days) }),
  })) as KeyRow & { key: string };
  console.log(created.key);
  console.error(
    `key ${created.id} (${created.role}, expires ${created.expiresAt}): shown once, store it now`,
  );
}

export async function listKeys(url: string): Promise<void> {
  for (const key of (await apiCall(url, '/keys')) as KeyRow[])
    console.log(
      `${key.id}  ${key.name.padEnd(24)} ${key.role.padEnd(8)} ${key.kind.padEnd(8)} expires ${key.expiresAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ''}`,
    );
}

export async function revokeKey(url: string, id: string): Promise<void> {
  await apiCall(url, `/keys/${encodeURIComponent(id)}`, 'DELETE');
  console.log(`key ${id} revoked`);
}
