// Builds the one-file bundles of the program (commander and the registrations) and of the commands whose
// start-up time matters (`ats backtest`) from the compiled modules in dist, each with the manifest that
// lets `ats` refuse a stale bundle (../commands/command-bundle.ts), and the command bundles' V8 code
// cache from one warm-up run. Run by `npm run build` after `tsc -b`: `npm run bundle -w @ats/cli`.
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, transform } from 'esbuild';
import {
  type BundleManifest,
  bundleUrlOf,
  codeCacheUrlOf,
  manifestUrlOf,
  programBundleUrl,
  stampOf,
} from '../commands/command-bundle.js';

export interface BundledAction {
  /** The compiled action module; its bundle is written beside it. */
  readonly module: URL;
  /** The `ats` arguments of the warm-up run whose compiled functions go into the code cache. */
  readonly warmUp: readonly string[];
}

export const bundledActions: readonly BundledAction[] = [
  {
    module: new URL('../commands/backtest-action.js', import.meta.url),
    warmUp: ['backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL'],
  },
];

/** A path from the bundle's folder, written as an import specifier. */
function specifierFrom(folder: string, file: string): string {
  const path = relative(folder, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Keeps each module's own location where it asks for it: every `import.meta.url` in a bundled module
 * becomes the URL of the module's compiled file, reached from the bundle's own URL, so data files and
 * workers found relative to a module are still found (and the bundle still works if the tree moves).
 * Dynamic imports stay imports of the compiled files (loaded only when that path runs), not inlined.
 */
function originalLocations(bundleFolder: string): Plugin {
  return {
    name: 'original-locations',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
        if (!args.path.startsWith('.') && !isAbsolute(args.path)) return { path: args.path, external: true };
        return { path: specifierFrom(bundleFolder, resolve(args.resolveDir, args.path)), external: true };
      });
      builder.onLoad({ filter: /\.(js|mjs)$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
        // `define` replaces the expression in code only, never inside a string that spells it. The
        // bundle's own URL, __atsBundleUrl, is defined by its banner (from __filename in CommonJS).
        const code = (
          await transform(text, {
            define: { 'import.meta.url': '__atsModuleUrl' },
            format: 'esm',
            loader: 'js',
          })
        ).code;
        const own = specifierFrom(bundleFolder, args.path);
        return {
          contents: `const __atsModuleUrl = new URL(${JSON.stringify(own)}, __atsBundleUrl).href;\n${code}`,
          loader: 'js',
        };
      });
    },
  };
}

function writeManifest(bundleUrl: URL, manifest: BundleManifest): void {
  const manifestFile = fileURLToPath(manifestUrlOf(bundleUrl));
  writeFileSync(`${manifestFile}.${process.pid}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
}

/**
 * Bundles one action module (written to a temporary name first, so no reader sees half a bundle), records
 * its inputs, then runs the warm-up command once on the bundle to make its code cache.
 */
export async function buildCommandBundle(action: BundledAction): Promise<BundleManifest> {
  const actionUrl = action.module;
  const bundleUrl = bundleUrlOf(actionUrl);
  const bundleFile = fileURLToPath(bundleUrl);
  const folder = dirname(bundleFile);
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [fileURLToPath(actionUrl)],
    outfile: temporary,
    absWorkingDir: folder,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    metafile: true,
    banner: { js: 'const __atsBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    legalComments: 'none',
    // No comments nor layout (names are kept: messages and stack traces read the same), and ASCII only:
    // a comment's one `×` made V8 hold the whole 1.3 MB source as two-byte text, and every start reads,
    // decodes and hashes it.
    minifyWhitespace: true,
    charset: 'ascii',
    logLevel: 'warning',
    plugins: [originalLocations(folder)],
  });
  // Dynamic imports go through the loader's own import() (a parameter of the bundle's wrapper): Node 20
  // loses a script's dynamic-import callback in functions read from the code cache ("A dynamic import
  // callback was not specified"). Only `import(` after a non-name character is a call of import().
  const code = readFileSync(temporary, 'utf8').replace(/(?<![\w$.])import\(/g, '__atsImport(');
  writeFileSync(temporary, code);
  renameSync(temporary, bundleFile);
  const inputs = Object.keys(result.metafile.inputs).map((input) =>
    stampOf(new URL('./', bundleUrl), specifierFrom(folder, resolve(folder, input))),
  );
  const manifest: BundleManifest = {
    bundle: stampOf(new URL('./', bundleUrl), basename(bundleFile)),
    inputs,
  };
  writeManifest(bundleUrl, manifest);
  const main = fileURLToPath(new URL('../main.js', actionUrl));
  const warmUp = spawnSync(process.execPath, [main, ...action.warmUp], {
    env: { ...process.env, ATS_CLI_BUNDLE: 'on', ATS_CLI_CODE_CACHE: 'write' },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (warmUp.status !== 0)
    throw new Error(`the warm-up run ats ${action.warmUp.join(' ')} failed: ${warmUp.stderr}`);
  const cached: BundleManifest = {
    ...manifest,
    codeCache: stampOf(new URL('./', bundleUrl), basename(fileURLToPath(codeCacheUrlOf(bundleUrl)))),
  };
  writeManifest(bundleUrl, cached);
  return cached;
}

/**
 * Bundles the program (commander and every command's registration; the actions stay their own compiled
 * modules, imported when a command runs) as an ES module beside program.js. No code cache: the program
 * is small, and Node 20 caches no ES module's code.
 */
export async function buildProgramBundle(programUrl: URL): Promise<BundleManifest> {
  const bundleUrl = programBundleUrl(programUrl);
  const bundleFile = fileURLToPath(bundleUrl);
  const folder = dirname(bundleFile);
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  const result = await build({
    entryPoints: [fileURLToPath(programUrl)],
    outfile: temporary,
    absWorkingDir: folder,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    legalComments: 'none',
    // Compiled afresh at every start (no code cache for an ES module): no comments nor layout to scan.
    minifyWhitespace: true,
    charset: 'ascii',
    logLevel: 'warning',
    // commander is CommonJS: its require() of node's modules needs a real require in an ES module.
    banner: {
      js: 'import { createRequire as __atsCreateRequire } from "node:module"; const require = __atsCreateRequire(import.meta.url); const __atsBundleUrl = import.meta.url;',
    },
    plugins: [originalLocations(folder)],
  });
  renameSync(temporary, bundleFile);
  const manifest: BundleManifest = {
    bundle: stampOf(new URL('./', bundleUrl), basename(bundleFile)),
    inputs: Object.keys(result.metafile.inputs).map((input) =>
      stampOf(new URL('./', bundleUrl), specifierFrom(folder, resolve(folder, input))),
    ),
  };
  writeManifest(bundleUrl, manifest);
  return manifest;
}

export const programModule = new URL('../program.js', import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const program = await buildProgramBundle(programModule);
  console.log(`bundled dist/program.js: ${program.inputs.length} modules`);
  for (const action of bundledActions) {
    const manifest = await buildCommandBundle(action);
    console.log(
      `bundled ${relative(process.cwd(), fileURLToPath(action.module))}: ${manifest.inputs.length} modules, ${(manifest.bundle.size / 1e6).toFixed(1)} MB, code cache ${((manifest.codeCache?.size ?? 0) / 1e6).toFixed(1)} MB`,
    );
  }
}
