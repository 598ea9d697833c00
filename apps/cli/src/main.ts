#!/usr/bin/env node
// The `ats` command: runs the program (program.ts) from its bundle when the bundle is fresh (one file,
// compiled from V8's code cache, instead of commander's and some 25 registration modules), else from the
// compiled modules.
import { importCommandAction } from './commands/command-bundle.js';

const program = await importCommandAction(
  new URL('./program.js', import.meta.url),
  () => import('./program.js'),
);
await program.runProgram(process.argv);
