// The work of `ats credentials set|list|rotate-master`, loaded only when one of them runs.
import {
  listConfiguredCredentials,
  loadConfig,
  rotateConfiguredCredentials,
  setConfiguredCredential,
} from '@ats/services';
import { exitOnConfigError } from './process-signals.js';

function configOf(env: string | undefined) {
  return exitOnConfigError(() => loadConfig(env ? { environment: env } : {}));
}

/** The value comes from standard input, never an argument (which other users can read in ps). */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function setCredential(owner: string, field: string, options: { env?: string }): Promise<void> {
  const config = configOf(options.env);
  const value = await readStandardInput();
  await setConfiguredCredential(config, owner, field, value);
  console.log(`stored ${owner}/${field} (encrypted)`);
}

export async function listCredentials(options: { env?: string }): Promise<void> {
  for (const entry of await listConfiguredCredentials(configOf(options.env)))
    console.log(`${entry.owner}/${entry.field}\tkey ${entry.keyId}\tupdated ${entry.updatedAt}`);
}

export async function rotateMasterKey(options: { env?: string }): Promise<void> {
  const outcome = await rotateConfiguredCredentials(configOf(options.env));
  console.log(
    `re-sealed ${outcome.reSealed} credential(s); ${outcome.alreadyCurrent} already on the current key`,
  );
}
