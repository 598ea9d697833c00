#!/usr/bin/env node
// The `ats` command: runs the program (program.ts) from its bundle when the bundle is fresh (one file,
// compiled from V8's code cache, instead of commander's and some 25 registration modules), else from the
// compiled modules. CommonJS, as is the bundle loader it needs: a start that loads no ES module skips
// Node's module loader, about 10 ms of every command (main.js was an ES module until 2026-12-01).
import { pathToFileURL } from 'node:url';
import { importCommandAction } from './commands/command-bundle.cjs';

async function main(): Promise<void> {
  const program = await importCommandAction(
    pathToFileURL(`${__dirname}/program.js`),
    () => import('./program.js'),
  );
  await program.runProgram(process.argv);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
