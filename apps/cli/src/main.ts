#!/usr/bin/env node
// The `ats` command: runs the program (program.ts) from its bundle when the bundle is fresh (one file
// instead of commander's and some 25 registration modules), else from the compiled modules.
import { bundleIsFresh, programBundleUrl } from './commands/command-bundle.js';

const bundle = programBundleUrl(new URL('./program.js', import.meta.url));
if (process.env.ATS_CLI_BUNDLE !== 'off' && bundleIsFresh(bundle)) await import(bundle.href);
else await import('./program.js');
