// How pg_dump and pg_restore are started: the connection URL on the command line without its password
// (any user on the machine can read a process's arguments), the password in PGPASSWORD instead.

export interface PgClientInvocation {
  /** The URL with the password removed (user, host, port, database and parameters kept). */
  readonly url: string;
  /** The child's environment: the parent's, plus PGPASSWORD when the URL had a password. */
  readonly env: NodeJS.ProcessEnv;
}

export function pgClientInvocation(
  url: string,
  parentEnv: NodeJS.ProcessEnv = process.env,
): PgClientInvocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL (a conninfo string): passed as is; its password, if any, is the caller's to move.
    return { url, env: { ...parentEnv } };
  }
  const env: NodeJS.ProcessEnv = { ...parentEnv };
  const password =
    parsed.searchParams.get('password') ?? (parsed.password ? decodeURIComponent(parsed.password) : '');
  parsed.password = '';
  parsed.searchParams.delete('password');
  if (password) env.PGPASSWORD = password;
  return { url: parsed.toString(), env };
}
