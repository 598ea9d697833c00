// Loads the configuration: config/default.yaml, then config/<environment>.yaml, then environment variables.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AtsError } from '@ats/core';
import { parse } from 'yaml';
import type { z } from 'zod';
import { refuseSecretsInYaml, secretsFromEnvironment } from '../secrets/secret-sources.js';
import { type AtsConfig, configSchema } from './config-schema.js';
import { crossFieldIssues } from './cross-field-checks.js';

export interface LoadConfigOptions {
  /**
   * The folder holding default.yaml and <environment>.yaml; absent files are skipped (tests pass an
   * empty or absent folder to run on the defaults). Without it: ATS_CONFIG_DIR, which must exist
   * when set, else ./config if present, else the embedded defaults.
   */
  readonly directory?: string;
  /** Defaults to ATS_ENV, then NODE_ENV, then 'development'. */
  readonly environment?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Values that win over files and environment (command-line flags). */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where later wins; arrays are replaced, not concatenated. */
function merge(base: Plain, next: Plain): Plain {
  const result: Plain = { ...base };
  for (const [key, value] of Object.entries(next)) {
    result[key] = isPlain(value) && isPlain(result[key]) ? merge(result[key] as Plain, value) : value;
  }
  return result;
}

function readYaml(path: string, environment: string): Plain {
  if (!existsSync(path)) return {};
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    // Only the first line: the parser's later lines quote the file's text, which may hold a secret.
    const reason = (error as Error).message.split('\n')[0];
    throw new AtsError('CONFIG_INVALID', `${path}: not valid YAML: ${reason}`, {
      cause: error,
    });
  }
  if (document === null || document === undefined) return {};
  if (!isPlain(document)) throw new AtsError('CONFIG_INVALID', `${path}: the top level must be a mapping`);
  // The spec writes its production block under a top-level `production:` key; accept that shape.
  const keys = Object.keys(document);
  const settings =
    keys.length === 1 && keys[0] === environment && isPlain(document[environment])
      ? (document[environment] as Plain)
      : document;
  refuseSecretsInYaml(settings, path);
  return settings;
}

/** The environment variables of the spec, mapped into the configuration. */
function fromEnvironment(env: Readonly<Record<string, string | undefined>>): Plain {
  const result: Plain = {};
  const set = (path: string[], value: string | undefined) => {
    if (value === undefined || value === '') return;
    let node = result;
    for (const key of path.slice(0, -1)) {
      node[key] = isPlain(node[key]) ? node[key] : {};
      node = node[key] as Plain;
    }
    node[path[path.length - 1] as string] = value;
  };
  // Secrets and connection URLs: the variable, or the 0600 file its _FILE variable names.
  for (const [key, value] of Object.entries(secretsFromEnvironment(env))) set(key.split('.'), value);
  set(['database', 'data_directory'], env.ATS_DATA_DIR ? join(env.ATS_DATA_DIR, 'pglite') : undefined);
  if (env.ATS_HTTP_PORT) result.http = { port: portOfVariable('ATS_HTTP_PORT', env.ATS_HTTP_PORT) };
  return result;
}

/** A port from an environment variable; a bad one is named with its variable and its text, not as `null`. */
function portOfVariable(name: string, text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535))
    throw new AtsError(
      'CONFIG_INVALID',
      `config: ${name} = ${JSON.stringify(text)}: must be a port number from 1 to 65535`,
    );
  return port;
}

/**
 * The folder of the YAML files. ATS_CONFIG_DIR, when set, must exist: a typo there would otherwise
 * run silently on the embedded defaults. Unset, ./config is read if present, else the defaults.
 */
function configDirectoryOf(
  options: LoadConfigOptions,
  env: Readonly<Record<string, string | undefined>>,
): string {
  if (options.directory !== undefined) return options.directory;
  const named = env.ATS_CONFIG_DIR;
  if (named !== undefined && named !== '') {
    if (!existsSync(named) || !statSync(named).isDirectory())
      throw new AtsError(
        'CONFIG_INVALID',
        `config: ATS_CONFIG_DIR = ${JSON.stringify(named)}: no such folder`,
      );
    return named;
  }
  return join(process.cwd(), 'config');
}

/** The keys environment variables set, by key, for the variables that are set. */
const variableOfKey: Readonly<Record<string, string>> = {
  'database.url': 'DATABASE_URL',
  'redis.url': 'REDIS_URL',
  'database.data_directory': 'ATS_DATA_DIR',
  'http.port': 'ATS_HTTP_PORT',
  'secrets.api_secret_key': 'API_SECRET_KEY',
  'secrets.broker_api_key': 'BROKER_API_KEY',
  'secrets.broker_api_secret': 'BROKER_API_SECRET',
  'secrets.gotify_token': 'GOTIFY_TOKEN',
  'secrets.prometheus_token': 'PROMETHEUS_TOKEN',
  'secrets.smtp_password': 'SMTP_PASSWORD',
  'secrets.slack_webhook_url': 'SLACK_WEBHOOK_URL',
  'secrets.pagerduty_routing_key': 'PAGERDUTY_ROUTING_KEY',
  'secrets.gotify_upstream_token': 'GOTIFY_UPSTREAM_TOKEN',
  'secrets.jwt_secret': 'ATS_JWT_SECRET',
  'secrets.bootstrap_api_key': 'ATS_BOOTSTRAP_API_KEY',
  'secrets.admin_password': 'ATS_ADMIN_PASSWORD',
  'secrets.polygon_api_key': 'POLYGON_API_KEY',
  'secrets.alpha_vantage_api_key': 'ALPHA_VANTAGE_API_KEY',
};

/**
 * Keys whose values an error never prints: secrets, and URLs (a database URL carries its password).
 * The message names the key and the rule instead.
 */
export function isSecretLikeKey(path: string): boolean {
  return path.startsWith('secrets.') || /(secret|password|token|key|url|credential)s?$/i.test(path);
}

function variablesOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(variableOfKey).filter(
      ([, variable]) => env[variable] !== undefined && env[variable] !== '',
    ),
  );
}

/** One line per problem: the key (or the environment variable that set it), the value given, and what is allowed. */
export function describeConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  variables: Readonly<Record<string, string>> = {},
): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      let value: unknown = input;
      for (const key of issue.path)
        value = isPlain(value) || Array.isArray(value) ? (value as Plain)[key as string] : undefined;
      if (issue.code === 'unrecognized_keys') {
        const keys = (issue as { keys: string[] }).keys;
        return `config: unknown key ${keys.map((key) => (path ? `${path}.${key}` : key)).join(', ')} (not a setting; check the spelling against docs/configuration.md)`;
      }
      const shown =
        value === undefined ? 'missing' : isSecretLikeKey(path) ? '(value not shown)' : JSON.stringify(value);
      // A value that came from an environment variable is named by that variable, as the user set it.
      const variable = Object.hasOwn(variables, path) ? variables[path] : undefined;
      if (variable !== undefined) return `config: ${variable} = ${shown} (${path}): ${issue.message}`;
      return `config: ${path || '(root)'} = ${shown}: ${issue.message}`;
    })
    .join('\n');
}

/** Loads and validates; throws AtsError('CONFIG_INVALID') whose message names each bad key. */
export function loadConfig(options: LoadConfigOptions = {}): AtsConfig {
  const env = options.env ?? process.env;
  const environment = options.environment ?? env.ATS_ENV ?? env.NODE_ENV ?? 'development';
  const directory = configDirectoryOf(options, env);
  let input: Plain = readYaml(join(directory, 'default.yaml'), 'default');
  if (environment !== 'default')
    input = merge(input, readYaml(join(directory, `${environment}.yaml`), environment));
  input = merge(input, fromEnvironment(env));
  input = merge(input, { environment });
  if (options.overrides) input = merge(input, options.overrides as Plain);
  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new AtsError('CONFIG_INVALID', describeConfigIssues(result.error.issues, input, variablesOf(env)), {
      details: { issues: result.error.issues },
    });
  }
  const crossField = crossFieldIssues(result.data);
  if (crossField.length > 0) throw new AtsError('CONFIG_INVALID', crossField.join('\n'));
  return result.data;
}
