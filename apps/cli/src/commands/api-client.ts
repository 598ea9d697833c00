// Calls a running ATS's REST API with credentials: ATS_TOKEN, ATS_API_KEY, or the session of `ats login` (refreshed when it expired).
import { credentialsPath, readSession, type StoredSession, writeSession } from './credentials-file.js';

export { defaultBaseUrl } from './default-urls.js';

/** The headers that authenticate a call, or none (the API then answers 401 with what is missing). */
export async function credentialHeaders(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string>> {
  if (env.ATS_TOKEN) return { authorization: `Bearer ${env.ATS_TOKEN}` };
  if (env.ATS_API_KEY) return { 'x-api-key': env.ATS_API_KEY };
  const path = credentialsPath(env);
  const session = readSession(path);
  if (!session) return {};
  const current = session.expiresAt - 10_000 > Date.now() ? session : await refreshed(session, path);
  return { authorization: `Bearer ${current.accessToken}` };
}

async function refreshed(session: StoredSession, path: string): Promise<StoredSession> {
  const answer = await send(
    `${session.securityUrl}/refresh`,
    'POST',
    { refreshToken: session.refreshToken },
    {},
  );
  const tokens = answer as { accessToken: string; refreshToken: string; expiresIn: number };
  const next: StoredSession = {
    ...session,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  };
  writeSession(next, path);
  return next;
}

async function send(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url} (is ATS running? set --url): ${(error as Error).message}`);
  }
  if (response.status === 204) return null;
  const payload = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) {
    const hint = response.status === 401 ? ' (log in with `ats login`, or set ATS_API_KEY or ATS_TOKEN)' : '';
    throw new Error(
      `${method} ${new URL(url).pathname}: ${response.status} ${payload?.message ?? JSON.stringify(payload)}${hint}`,
    );
  }
  return payload;
}

/** One authenticated call: `base` is a service's API root (`…/api/scheduler`). */
export async function apiCall(base: string, path: string, method = 'GET', body?: unknown): Promise<unknown> {
  return send(`${base}${path}`, method, body, await credentialHeaders());
}

/** A call without credentials (login). */
export async function publicCall(base: string, path: string, body: unknown): Promise<unknown> {
  return send(`${base}${path}`, 'POST', body, {});
}
