// Calls the platform's REST API with the session's token: one retry after a refresh on 401, and errors
// that carry the server's message (every 4xx names what is wrong).
import { refreshTokens, storedTokens } from './session.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long a GET may take before it counts as failed. */
const readTimeoutMilliseconds = 20_000;

/** Called when the session ended (refresh refused): the app shows the login page. */
let onSessionEnded: () => void = () => undefined;
export function whenSessionEnds(listener: () => void): void {
  onSessionEnded = listener;
}

export async function authorizedFetch(
  path: string,
  init: RequestInit = {},
  retried = false,
): Promise<Response> {
  const tokens = storedTokens();
  const headers = new Headers(init.headers);
  if (tokens) headers.set('authorization', `Bearer ${tokens.accessToken}`);
  const response = await fetch(path, { ...init, headers });
  if (response.status === 401 && !retried) {
    // Refreshed meanwhile by another request: retry with the new token instead of refreshing again.
    const current = storedTokens();
    if (tokens && current && current.accessToken !== tokens.accessToken)
      return authorizedFetch(path, init, true);
    if (await refreshTokens()) return authorizedFetch(path, init, true);
    onSessionEnded();
  }
  return response;
}

/** GET (or another method with a JSON body) under /api; resolves to the parsed answer. */
export async function api<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  // A read that never answers would hold its panel on "Loading…" for good (a panel loads one request
  // at a time), so a GET gives up after a while and the panel's next reload asks again. Actions are not
  // timed out: giving up on them would not undo them.
  if (method === 'GET') init.signal = AbortSignal.timeout(readTimeoutMilliseconds);
  let response: Response;
  let text: string;
  try {
    response = await authorizedFetch(`api/${path}`, init);
    text = await response.text();
  } catch (failure) {
    if ((failure as Error).name === 'TimeoutError')
      throw new ApiError(0, `${method} ${path}: no answer within ${readTimeoutMilliseconds / 1000} s`);
    throw failure;
  }
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const message =
      parsed && typeof parsed === 'object' && 'message' in parsed
        ? String((parsed as { message: unknown }).message)
        : `${method} ${path} answered ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return parsed as T;
}
