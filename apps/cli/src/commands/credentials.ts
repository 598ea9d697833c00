// `ats credentials set|list|rotate-master`: broker and provider credentials, encrypted at field level.
import {
  listConfiguredCredentials,
  loadConfig,
  rotateConfiguredCredentials,
  setConfiguredCredential,
} from '@ats/services';
import type { Command } from 'commander';
import { exitOnConfigError } from './process-signals.js';

/** The value comes from standard input, never an argument (which other users can read in ps). */
async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const envOption = ['--env <name>', 'configuration environment (config/<name>.yaml)'] as const;

export function registerCredentialsCommand(program: Command): void {
  const credentials = program
    .command('credentials')
    .description('broker and provider credentials, encrypted with keys derived from API_SECRET_KEY');
  credentials
    .command('set')
    .description('store one field (e.g. alpaca api_key); the value is read from standard input')
    .argument('<owner>', 'the venue or provider: alpaca, ccxt, fix, ...')
    .argument('<field>', 'api_key or api_secret')
    .option(...envOption)
    .action(async (owner: string, field: string, options: { env?: string }) => {
      const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
      const value = await readStandardInput();
      await setConfiguredCredential(config, owner, field, value);
      console.log(`stored ${owner}/${field} (encrypted)`);
    });
  credentials
    .command('list')
    .description('the stored fields and the id of the master key sealing each (never the values)')
    .option(...envOption)
    .action(async (options: { env?: string }) => {
      const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
      for (const entry of await listConfiguredCredentials(config))
        console.log(`${entry.owner}/${entry.field}\tkey ${entry.keyId}\tupdated ${entry.updatedAt}`);
    });
  credentials
    .command('rotate-master')
    .description(
      're-seal every credential with the key of API_SECRET_KEY; run with the old secret in API_SECRET_KEY_PREVIOUS',
    )
    .option(...envOption)
    .action(async (options: { env?: string }) => {
      const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
      const outcome = await rotateConfiguredCredentials(config);
      console.log(
        `re-sealed ${outcome.reSealed} credential(s); ${outcome.alreadyCurrent} already on the current key`,
      );
    });
}
