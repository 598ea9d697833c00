// The `ats` program: parses the command line and runs the chosen command (started by main.ts).
import { Command } from 'commander';
import { commandRegistrations } from './commands/index.js';

/** Parses `argv` (as process.argv: node, the script, then the arguments) and runs its command. */
export async function runProgram(argv: readonly string[]): Promise<void> {
  const program = new Command();
  program
    .name('ats')
    .description('ATS: an algorithmic trading platform — paper and live trading, backtests, operations')
    .showHelpAfterError();
  for (const register of commandRegistrations) register(program);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    // Errors that reach here are already explained by their message (config, input, I/O).
    console.error(`ats: ${(error as Error).message}`);
    // Fail whole: a start that failed half-way may hold a database, timers or a quoting market that
    // would keep the process (and trading) alive without its API; exit now, non-zero.
    process.exit(1);
  }
}
