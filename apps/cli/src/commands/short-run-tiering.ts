// V8's tiering for a command whose whole work takes a few hundred milliseconds (`ats backtest` on daily
// bars): the optimizing compiler is asked to wait longer before it compiles a function.
import { setFlagsFromString } from 'node:v8';

/**
 * Bytecode a function runs (in bytes of its interrupt budget) before V8 considers optimizing it: 8 times
 * Node 20's default of 132 KB. On ORCL daily (5,036 bars) the default had the optimizing compiler
 * compile 49 functions, some 350 ms of compiler work on a machine of two cores, for a run of 150 ms:
 * each function was optimized after it had done most of its work, and the process took about 40 ms
 * longer than when those functions stayed in the interpreter and baseline code. A long run still
 * optimizes its hot functions, a few milliseconds later.
 */
export const SHORT_RUN_INTERRUPT_BUDGET = 1_048_576;

/**
 * Applies the budget to the functions that run from now on. Called once the command's bundle has been
 * compiled with its code cache: V8 checks its flags when it takes a cache, and a flag changed before
 * would have it refused. Not in the bundle builder's warm-up run (`ATS_CLI_CODE_CACHE=write`), whose
 * cache, made after a change of flags, would carry them and be refused by every later start.
 */
export function delayOptimizingCompiler(): void {
  if (process.env.ATS_CLI_CODE_CACHE === 'write') return;
  setFlagsFromString(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
}
