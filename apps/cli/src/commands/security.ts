// `ats login`, `ats logout`, `ats users` and `ats keys`: sessions, users and API keys through the Security API.
import { InvalidInputError } from '@ats/core';
import { isRole, roles } from '@ats/services';
import type { Command } from 'commander';
import { apiCall, defaultBaseUrl, publicCall } from './api-client.js';
import { credentialsPath, readSession, removeSession, writeSession } from './credentials-file.js';
import { readSecret } from './secret-input.js';

const defaultSecurityUrl = process.env.ATS_SECURITY_URL ?? `${defaultBaseUrl}/api/security`;

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

export function registerSecurityCommands(program: Command): void {
  program
    .command('login')
    .description('log in and keep the session in a 0600 file (or print the token with --print)')
    .argument('[username]', 'the user', 'admin')
    .option('--url <url>', 'the Security API', defaultSecurityUrl)
    .option('--print', 'print the access token instead of storing the session')
    .action(async (username: string, options: { url: string; print?: boolean }) => {
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
    });

  program
    .command('logout')
    .description('end the stored session (its tokens are revoked) and remove its file')
    .action(async () => {
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
    });

  const users = program
    .command('users')
    .description('manage users (admin)')
    .option('--url <url>', 'the Security API', defaultSecurityUrl);
  const usersUrl = () => (users.opts() as { url: string }).url;
  users
    .command('add')
    .description('add a user; the password is read from ATS_NEW_PASSWORD, else asked for')
    .argument('<username>')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .action(async (username: string, options: { role: string }) => {
      const role = roleOf(options.role);
      const password = process.env.ATS_NEW_PASSWORD ?? (await readSecret(`new password for ${username}: `));
      const user = (await apiCall(usersUrl(), '/users', 'POST', { username, password, role })) as UserRow;
      console.log(`added ${user.username} as ${user.role}`);
    });
  users
    .command('list')
    .description('every user with its role and state')
    .action(async () => {
      for (const user of (await apiCall(usersUrl(), '/users')) as UserRow[])
        console.log(
          `${user.username.padEnd(24)} ${user.role.padEnd(8)} ${user.disabled ? 'disabled' : 'enabled '} ${user.lockedUntil ? `locked until ${user.lockedUntil}` : ''}`,
        );
    });
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    users
      .command(name)
      .description(`${name} a user (its sessions end)`)
      .argument('<username>')
      .action(async (username: string) => {
        await apiCall(usersUrl(), `/users/${encodeURIComponent(username)}`, 'PATCH', { disabled });
        console.log(`${username} ${disabled ? 'disabled' : 'enabled'}`);
      });
  users
    .command('set-role')
    .description("change a user's role (its sessions end)")
    .argument('<username>')
    .argument('<role>', roles.join(', '))
    .action(async (username: string, role: string) => {
      await apiCall(usersUrl(), `/users/${encodeURIComponent(username)}`, 'PATCH', { role: roleOf(role) });
      console.log(`${username} is now ${role}`);
    });

  const keys = program
    .command('keys')
    .description('manage API keys for services and scripts (admin)')
    .option('--url <url>', 'the Security API', defaultSecurityUrl);
  const keysUrl = () => (keys.opts() as { url: string }).url;
  keys
    .command('create')
    .description('create a key; it is printed once and only its hash is kept')
    .argument('<name>', 'what the key is for')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--kind <kind>', 'service or script', 'script')
    .option('--days <days>', 'days until it expires (default: security.api_key_ttl_days)')
    .action(async (name: string, options: { role: string; kind: string; days?: string }) => {
      if (options.kind !== 'service' && options.kind !== 'script')
        throw new InvalidInputError('kind', 'must be service or script', options.kind);
      const created = (await apiCall(keysUrl(), '/keys', 'POST', {
        name,
        role: roleOf(options.role),
        kind: options.kind,
        ...(options.days === undefined ? {} : { expiresInDays: positiveDays(options.days) }),
      })) as KeyRow & { key: string };
      console.log(created.key);
      console.error(
        `key ${created.id} (${created.role}, expires ${created.expiresAt}): shown once, store it now`,
      );
    });
  keys
    .command('list')
    .description('every key (never its secret)')
    .action(async () => {
      for (const key of (await apiCall(keysUrl(), '/keys')) as KeyRow[])
        console.log(
          `${key.id}  ${key.name.padEnd(24)} ${key.role.padEnd(8)} ${key.kind.padEnd(8)} expires ${key.expiresAt}${key.revokedAt ? `  revoked ${key.revokedAt}` : ''}`,
        );
    });
  keys
    .command('revoke')
    .description('revoke a key; every service refuses it within a second')
    .argument('<id>')
    .action(async (id: string) => {
      await apiCall(keysUrl(), `/keys/${encodeURIComponent(id)}`, 'DELETE');
      console.log(`key ${id} revoked`);
    });
}
