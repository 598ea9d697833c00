// `ats chaos`: disaster drills on a multi-process deployment of its own on loopback (PostgreSQL
// restart and killed connections, a full data disk, a slow and a failing broker, a Redis Sentinel
// failover), then the checks and a results table. Registration only: the work is in chaos-action.ts.
import type { Command } from 'commander';

interface ChaosCommandOptions {
  readonly scale: string;
  readonly faults?: string;
  readonly target: string;
  readonly json?: boolean;
  readonly lines?: string;
}

export function registerChaosCommand(program: Command): void {
  program
    .command('chaos')
    .description(
      'disaster drills on a loopback deployment of its own: PostgreSQL restart and killed connections, full disk, slow and failing broker, Redis Sentinel failover; prints recovery times',
    )
    .option('--scale <factor>', 'multiplies how long each fault lasts (1: 30 s; 0.2: 6 s)', '1')
    .option('--faults <list>', 'comma-separated faults to run (default: all)')
    .option('--target <seconds>', 'recovery target per fault', '30')
    .option('--json', 'also print the report as one JSON line (for scripts)')
    .option('--lines <file>', "write the services' output lines to this file at the end (post-mortem)")
    .action(async (options: ChaosCommandOptions) => {
      const { chaos } = await import('./chaos-action.js');
      process.exitCode = await chaos(options);
    });
}
