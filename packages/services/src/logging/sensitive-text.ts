// Masks personal data and secrets inside free text (log messages, error messages, string fields):
// bearer tokens, JWTs, passwords in URLs, e-mail addresses and long account numbers.

const replacements: readonly (readonly [
  RegExp,
  string | ((match: string, ...groups: string[]) => string),
])[] = [
  // A JWT: three base64url parts, the first an encoded JSON header ({"... is eyJ).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  [/\b(Bearer|Basic|ApiKey)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]'],
  // Credentials inside URLs: scheme://user:password@host keeps the user, hides the password.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@'],
  // key=value and key: value pairs whose key names a secret.
  [
    /\b(password|passwd|secret|api[_-]?key|api[_-]?secret|access[_-]?token|refresh[_-]?token|token)(["']?\s*[=:]\s*["']?)[^\s"'&,;]+/gi,
    '$1$2[redacted]',
  ],
  // E-mail addresses: the domain stays (useful to operators), the person does not.
  [/\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b/g, '***@$1'],
  // Account and card numbers: a standalone run of 9-19 digits keeps only its last four.
  [/(?<![\w.-])\d{5,15}(\d{4})(?![\w.-])/g, (_match: string, last: string) => `****${last}`],
];

/**
 * Every pattern above needs one of these in the text (a JWT's `eyJ`, a scheme word, a secret's key, an
 * `@` of an e-mail or a URL's credentials, a run of nine digits): most log strings (ids, symbols, event
 * names) have none, and skip the six replacements.
 */
const mightHoldSensitive = /eyJ|bearer|basic|apikey|@|passw|secret|api[_-]?key|token|\d{9}/i;

export function maskSensitiveText(text: string): string {
  if (!mightHoldSensitive.test(text)) return text;
  let masked = text;
  for (const [pattern, replacement] of replacements)
    masked = masked.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  return masked;
}

/**
 * Field names whose values never reach a log line, at the top of a record or one level down
 * (`token`, `config.broker_api_key`, `secrets`): replaced whole, whatever they hold.
 */
const redactedKeys = new Set([
  'secrets',
  'secret',
  'password',
  'token',
  'apiKey',
  'apiSecret',
  'api_key',
  'api_secret',
  'api_secret_key',
  'broker_api_key',
  'broker_api_secret',
  'polygon_api_key',
  'alpha_vantage_api_key',
  'gotify_token',
  'prometheus_token',
  'authorization',
  'x-api-key',
  'url',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'privateKey',
  'private_key',
  'credentials',
  'cookie',
  // Personal data: account numbers and e-mail addresses.
  'accountNumber',
  'account_number',
  'email',
]);
/** Headers that never reach a log line, in a `headers` object up to two levels down (`req.headers`). */
const redactedHeaders = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key']);
export const redactedValue = '[redacted]';

function redacted(key: string, depth: number, parentKey: string | undefined): boolean {
  return (
    (depth <= 1 && redactedKeys.has(key)) ||
    (parentKey === 'headers' && depth <= 2 && redactedHeaders.has(key))
  );
}

/**
 * A copy of a log record's fields with secrets' fields replaced (by name, as above) and every string
 * masked (plain objects and arrays, a few levels deep). One walk does both: pino's path redaction of
 * the same names with wildcards cost ten times a plain line.
 */
export function maskSensitiveValues(value: unknown, depth = 0, parentKey?: string): unknown {
  if (typeof value === 'string') return maskSensitiveText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskSensitiveValues(item, depth + 1));
  if (value instanceof Error) {
    const masked = new Error(maskSensitiveText(value.message));
    masked.name = value.name;
    if (value.stack) masked.stack = maskSensitiveText(value.stack);
    return Object.assign(masked, maskSensitiveValues({ ...value }, depth + 1) as object);
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    result[key] = redacted(key, depth, parentKey) ? redactedValue : maskSensitiveValues(item, depth + 1, key);
  return result;
}
