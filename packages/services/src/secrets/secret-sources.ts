// Where secrets may come from: an environment variable, or a file named by <VARIABLE>_FILE that only its
// owner can read (0600). Never a YAML file: one found there stops the start naming the key.
import { AtsError } from '@ats/core';
import { readPrivateFile } from './private-file.js';

/** Each secret's configuration key and the environment variable that sets it. */
export const secretVariables: Readonly<Record<string, string>> = {
  'secrets.api_secret_key': 'API_SECRET_KEY',
  'secrets.broker_api_key': 'BROKER_API_KEY',
  'secrets.broker_api_secret': 'BROKER_API_SECRET',
  'secrets.gotify_token': 'GOTIFY_TOKEN',
  'secrets.prometheus_token': 'PROMETHEUS_TOKEN',
  'secrets.smtp_password': 'SMTP_PASSWORD',
  'secrets.slack_webhook_url': 'SLACK_WEBHOOK_URL',
  'secrets.pagerduty_routing_key': 'PAGERDUTY_ROUTING_KEY',
  'secrets.gotify_upstream_token': 'GOTIFY_UPSTREAM_TOKEN',
  'secrets.polygon_api_key': 'POLYGON_API_KEY',
  'secrets.alpha_vantage_api_key': 'ALPHA_VANTAGE_API_KEY',
  'secrets.jwt_secret': 'ATS_JWT_SECRET',
  'secrets.bootstrap_api_key': 'ATS_BOOTSTRAP_API_KEY',
  'secrets.admin_password': 'ATS_ADMIN_PASSWORD',
};

/** Connection URLs may carry a password; they too may come from a 0600 file. */
const urlVariables: Readonly<Record<string, string>> = {
  'database.url': 'DATABASE_URL',
  'redis.url': 'REDIS_URL',
};

/**
 * The value of a variable: VARIABLE itself, else the content of the file VARIABLE_FILE names (which
 * must be 0600). Both set is refused: which one wins would be a guess.
 */
export function environmentSecret(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
): string | undefined {
  const direct = env[variable];
  const file = env[`${variable}_FILE`];
  const hasDirect = direct !== undefined && direct !== '';
  const hasFile = file !== undefined && file !== '';
  if (hasDirect && hasFile)
    throw new AtsError(
      'CONFIG_INVALID',
      `config: both ${variable} and ${variable}_FILE are set; set only one`,
    );
  if (hasFile) return readPrivateFile(file, `${variable}_FILE`);
  return hasDirect ? direct : undefined;
}

/** Every secret and URL variable, read with its _FILE fallback, keyed by configuration key. */
export function secretsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, variable] of Object.entries({ ...urlVariables, ...secretVariables })) {
    const value = environmentSecret(env, variable);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

function hasPassword(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).password !== '';
  } catch {
    return /:\/\/[^/@\s]*:[^/@\s]+@/.test(url);
  }
}

/**
 * Refuses a YAML document holding a secret: any key under `secrets`, or a database or Redis URL with a
 * password. The message names the file and the key, never the value.
 */
export function refuseSecretsInYaml(document: Readonly<Record<string, unknown>>, path: string): void {
  const secrets = document.secrets;
  if (secrets !== undefined && secrets !== null) {
    const keys =
      typeof secrets === 'object' && !Array.isArray(secrets) ? Object.keys(secrets) : ['(the whole block)'];
    const key = keys[0] ?? '(an empty block)';
    const variable = secretVariables[`secrets.${key}`];
    throw new AtsError(
      'CONFIG_INVALID',
      `config: secrets.${key} is set in ${path}: secrets are read only from the environment${
        variable ? ` (${variable}, or ${variable}_FILE naming a 0600 file)` : ''
      }, never from YAML; remove it from the file`,
    );
  }
  for (const [key, variable] of Object.entries(urlVariables)) {
    const [section, field] = key.split('.') as [string, string];
    const block = document[section];
    if (block && typeof block === 'object' && hasPassword((block as Record<string, unknown>)[field]))
      throw new AtsError(
        'CONFIG_INVALID',
        `config: ${key} in ${path} carries a password: set it through ${variable} (or ${variable}_FILE naming a 0600 file) instead`,
      );
  }
}
