// `ats login`, `ats logout`, `ats users` and `ats keys`: sessions, users and API keys through the Security API.
// Registration only (commander): the work is in security-action.ts, loaded when a command runs.
import type { Command } from 'commander';
import { defaultBaseUrl } from './default-urls.js';

const defaultSecurityUrl = process.env.ATS_SECURITY_URL ?? `${defaultBaseUrl}/api/security`;
const roleHelp = 'a role of the Security API (an unknown one is refused with the list)';
const work = () => import('./security-action.js');

export function registerSecurityCommands(program: Command): void {
  program
    .command('login')
    .description('log in and keep the session in a 0600 file (or print the token with --print)')
    .argument('[username]', 'the user', 'admin')
    .option('--url <url>', 'the Security API', defaultSecurityUrl)
    .option('--print', 'print the access token instead of storing the session')
    .action(async (username: string, options: { url: string; print?: boolean }) =>
      (await work()).login(username, options),
    );

  program
    .command('logout')
    .description('end the stored session (its tokens are revoked) and remove its file')
    .action(async () => (await work()).logout());

  const users = program
    .command('users')
    .description('manage users (admin)')
    .option('--url <url>', 'the Security API', defaultSecurityUrl);
  const usersUrl = () => (users.opts() as { url: string }).url;
  users
    .command('add')
    .description('add a user; the password is read from ATS_NEW_PASSWORD, else asked for')
    .argument('<username>')
    .requiredOption('--role <role>', roleHelp)
    .action(async (username: string, options: { role: string }) =>
      (await work()).addUser(usersUrl(), username, options),
    );
  users
    .command('list')
    .description('every user with its role and state')
    .action(async () => (await work()).listUsers(usersUrl()));
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    users
      .command(name)
      .description(`${name} a user (its sessions end)`)
      .argument('<username>')
      .action(async (username: string) => (await work()).setUserDisabled(usersUrl(), username, disabled));
  users
    .command('set-role')
    .description("change a user's role (its sessions end)")
    .argument('<username>')
    .argument('<role>', roleHelp)
    .action(async (username: string, role: string) => (await work()).setUserRole(usersUrl(), username, role));

  const keys = program
    .command('keys')
    .description('manage API keys for services and scripts (admin)')
    .option('--url <url>', 'the Security API', defaultSecurityUrl);
  const keysUrl = () => (keys.opts() as { url: string }).url;
  keys
    .command('create')
    .description('create a key; it is printed once and only its hash is kept')
    .argument('<name>', 'what the key is for')
    .requiredOption('--role <role>', roleHelp)
    .option('--kind <kind>', 'service or script', 'script')
    .option('--days <days>', 'days until it expires (default: security.api_key_ttl_days)')
    .action(async (name: string, options: { role: string; kind: string; days?: string }) =>
      (await work()).createKey(keysUrl(), name, options),
    );
  keys
    .command('list')
    .description('every key (never its secret)')
    .action(async () => (await work()).listKeys(keysUrl()));
  keys
    .command('revoke')
    .description('revoke a key; every service refuses it within a second')
    .argument('<id>')
    .action(async (id: string) => (await work()).revokeKey(keysUrl(), id));
}
