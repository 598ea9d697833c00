// Credentials of the configured store: set, list and rotate from the command line, and the broker
// credentials a venue is built with (the environment first, else the encrypted store).
import { type Database, openDatabase } from '@ats/persistence';
import type { AtsConfig } from '../config/config-schema.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';
import { CredentialStore, type RotationOutcome } from './credential-store.js';
import { masterKeyringOf } from './master-keyring.js';

export function credentialStoreOf(config: AtsConfig, database: Database): CredentialStore {
  return new CredentialStore(database, masterKeyringOf(config.secrets.api_secret_key));
}

async function withStore<T>(config: AtsConfig, work: (store: CredentialStore) => Promise<T>): Promise<T> {
  // The keyring is checked before the database opens: a missing API_SECRET_KEY fails fast.
  masterKeyringOf(config.secrets.api_secret_key);
  const database = await openDatabase(databaseOptionsOf(config));
  try {
    return await work(credentialStoreOf(config, database));
  } finally {
    await database.close();
  }
}

export function setConfiguredCredential(
  config: AtsConfig,
  owner: string,
  field: string,
  value: string,
): Promise<void> {
  return withStore(config, (store) => store.put(owner, field, value));
}

export function listConfiguredCredentials(config: AtsConfig) {
  return withStore(config, (store) => store.list());
}

export function rotateConfiguredCredentials(config: AtsConfig): Promise<RotationOutcome> {
  return withStore(config, (store) => store.rotate());
}

/** The store's owner name of a venue's credentials, and its two fields. */
export const brokerCredentialFields = { key: 'api_key', secret: 'api_secret' } as const;

/**
 * The configuration with the broker credentials filled from the encrypted store (owner = the venue
 * name) when the environment does not set them and API_SECRET_KEY is there to open the store.
 */
export async function withStoredBrokerCredentials(config: AtsConfig, database: Database): Promise<AtsConfig> {
  const venue = config.execution.venue;
  if (venue === 'paper' || !config.secrets.api_secret_key) return config;
  if (config.secrets.broker_api_key && config.secrets.broker_api_secret) return config;
  const store = credentialStoreOf(config, database);
  const key = config.secrets.broker_api_key ?? (await store.get(venue, brokerCredentialFields.key));
  const secret = config.secrets.broker_api_secret ?? (await store.get(venue, brokerCredentialFields.secret));
  return {
    ...config,
    secrets: {
      ...config.secrets,
      ...(key !== undefined ? { broker_api_key: key } : {}),
      ...(secret !== undefined ? { broker_api_secret: secret } : {}),
    },
  };
}
