// `ats credentials set|list|rotate-master`: broker and provider credentials, encrypted at field level.
// Registration only (commander): the work is in credentials-action.ts, loaded when a subcommand runs.
import type { Command } from 'commander';

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
    .action(async (owner: string, field: string, options: { env?: string }) =>
      (await import('./credentials-action.js')).setCredential(owner, field, options),
    );
  credentials
    .command('list')
    .description('the stored fields and the id of the master key sealing each (never the values)')
    .option(...envOption)
    .action(async (options: { env?: string }) =>
      (await import('./credentials-action.js')).listCredentials(options),
    );
  credentials
    .command('rotate-master')
    .description(
      're-seal every credential with the key of API_SECRET_KEY; run with the old secret in API_SECRET_KEY_PREVIOUS',
    )
    .option(...envOption)
    .action(async (options: { env?: string }) =>
      (await import('./credentials-action.js')).rotateMasterKey(options),
    );
}
