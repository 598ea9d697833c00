// Builds the one-file bundles of the program (commander and the registrations) and of the commands whose
// start-up time matters (`ats backtest`) from the compiled modules in dist, each with the manifest that
// lets `ats` refuse a stale bundle (../commands/command-bundle.cts), and their V8 code caches from one
// warm-up run. Run by `npm run build` after `tsc -b`: `npm run bundle -w @ats/cli`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, transform } from 'esbuild';
import {
  type BundleManifest,
  bundleFormat,
  bundleUrlOf,
  bundleWrapperEnd,
  bundleWrapperStart,
  codeCacheUrlOf,
  manifestUrlOf,
  stampOf,
} from '../commands/command-bundle.cjs';

/** The compiled modules bundled (paths in dist), each into `x.bundle.cjs` beside it: the program and
 * `ats backtest`'s work. */
export const bundledModules: readonly string[] = ['program.js', 'commands/backtest-action.js'];

/**
 * The `ats` arguments of the warm-up run whose compiled functions go into the bundles' code caches: one
 * run for all bundles, as each run writes the cache of every bundle it loads.
 */
export const warmUpArguments: readonly string[] = [
  'backtest',
  '--strategy',
  'sma-cross',
  '--symbols',
  'ORCL',
];

/** A path from the bundle's folder, written as an import specifier. */
function specifierFrom(folder: string, file: string): string {
  const path = relative(folder, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * The file whose stamp stands for a bundled module at each start: its package's TypeScript build record
 * (`tsc -b` rewrites it whenever it emits any file of the package, and leaves it alone when nothing
 * changed), or npm's record of node_modules (`.package-lock.json`, rewritten by every install that
 * changes a dependency). A module under neither stands for itself. 11 records for the 416 modules of
 * `ats backtest`: a start stats those instead of every module, which took 9-13 ms.
 */
export function buildRecordOf(file: string): string {
  const nodeModules = file.lastIndexOf(`/node_modules/`);
  if (nodeModules >= 0) {
    const record = join(file.slice(0, nodeModules), 'node_modules', '.package-lock.json');
    return existsSync(record) ? record : file;
  }
  for (let folder = dirname(file); folder !== dirname(folder); folder = dirname(folder)) {
    if (!existsSync(join(folder, 'package.json'))) continue;
    const record = join(folder, 'tsconfig.tsbuildinfo');
    return existsSync(record) ? record : file;
  }
  return file;
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

/**
 * commander loads `node:child_process` as it starts, for executable subcommands (a command that is a
 * program of its own), which ats has none of; with it come the networking, datagram and process modules,
 * about 10 million instructions of every start. In the bundle, commander gets a stand-in that loads
 * child_process when one of its members is first read.
 */
function childProcessOnFirstUse(): Plugin {
  return {
    name: 'child-process-on-first-use',
    setup(builder) {
      builder.onResolve({ filter: /^node:child_process$/ }, (args) =>
        /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
          ? { path: 'child_process', namespace: 'on-first-use' }
          : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'on-first-use' }, () => ({
        contents:
          'module.exports = new Proxy({}, { get: (_, name) => require("node:child_process")[name] });',
        loader: 'js',
      }));
    },
  };
}

function writeManifest(bundleUrl: URL, manifest: BundleManifest): void {
  const manifestFile = fileURLToPath(manifestUrlOf(bundleUrl));
  writeFileSync(`${manifestFile}.${process.pid}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${manifestFile}.${process.pid}.tmp`, manifestFile);
}

/**
 * Bundles one compiled module as CommonJS (written to a temporary name first, so no reader sees half a
 * bundle) and records its inputs. Its code cache comes later, from the warm-up run (buildBundles).
 */
export async function bundleModule(moduleUrl: URL): Promise<BundleManifest> {
  const bundleUrl = bundleUrlOf(moduleUrl);
  const bundleFile = fileURLToPath(bundleUrl);
  const folder = dirname(bundleFile);
  const temporary = `${bundleFile}.${process.pid}.tmp`;
  // The cache of the bundle being replaced goes first: only the warm-up run may write the new one.
  rmSync(fileURLToPath(codeCacheUrlOf(bundleUrl)), { force: true });
  const result = await build({
    entryPoints: [fileURLToPath(moduleUrl)],
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
    plugins: [childProcessOnFirstUse(), originalLocations(folder)],
  });
  // Dynamic imports go through the loader's own import() (a parameter of the bundle's wrapper): Node 20
  // loses a script's dynamic-import callback in functions read from the code cache ("A dynamic import
  // callback was not specified"). Only `import(` after a non-name character is a call of import().
  const code = readFileSync(temporary, 'utf8').replace(/(?<![\w$.])import\(/g, '__atsImport(');
  writeFileSync(temporary, `${bundleWrapperStart}${code}${bundleWrapperEnd}`);
  renameSync(temporary, bundleFile);
  // Files only: the stand-in made by childProcessOnFirstUse is no file to watch.
  const modules = Object.keys(result.metafile.inputs)
    .filter((input) => !input.startsWith('on-first-use:'))
    .map((input) => resolve(folder, input));
  const records = [...new Set(modules.map(buildRecordOf))].sort();
  const manifest: BundleManifest = {
    format: bundleFormat,
    bundle: stampOf(new URL('./', bundleUrl), basename(bundleFile)),
    inputs: records.map((record) => stampOf(new URL('./', bundleUrl), specifierFrom(folder, record))),
    modules: modules.length,
  };
  writeManifest(bundleUrl, manifest);
  return manifest;
}

/**
 * Bundles the modules of the compiled folder `dist`, runs its `ats` (main.cjs) once with the warm-up
 * arguments on the bundles, which writes the code cache of each bundle it loaded, then records each
 * cache in its bundle's manifest (after the run: a cache recorded before a later write would no longer
 * match it, and would be left unused). The manifests, in the order of bundledModules.
 */
export async function buildBundles(dist: URL): Promise<BundleManifest[]> {
  const modules = bundledModules.map((path) => new URL(path, dist));
  const warmUp = warmUpArguments;
  const manifests: BundleManifest[] = [];
  for (const module of modules) manifests.push(await bundleModule(module));
  const main = fileURLToPath(new URL('main.cjs', dist));
  // The warm-up runs read and write parsed bars in a folder of their own (a build leaves nothing in the
  // user's cache). The first parses the data and caches its bars; the second, which records the code
  // cache, reads them back as a command does from its second run on, so the code cache holds that path.
  const parsedBars = mkdtempSync(join(tmpdir(), 'ats-bundle-warm-up-'));
  try {
    for (const codeCache of ['off', 'write']) {
      const run = spawnSync(process.execPath, [main, ...warmUp], {
        env: {
          ...process.env,
          ATS_CLI_BUNDLE: 'on',
          ATS_CLI_CODE_CACHE: codeCache,
          ATS_CACHE_DIR: parsedBars,
        },
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (run.status !== 0) throw new Error(`the warm-up run ats ${warmUp.join(' ')} failed: ${run.stderr}`);
    }
  } finally {
    rmSync(parsedBars, { recursive: true, force: true });
  }
  return modules.map((module, index) => {
    const bundleUrl = bundleUrlOf(module);
    const cacheFile = fileURLToPath(codeCacheUrlOf(bundleUrl));
    const manifest = manifests[index] as BundleManifest;
    if (!existsSync(cacheFile)) return manifest;
    const cached: BundleManifest = {
      ...manifest,
      codeCache: stampOf(new URL('./', bundleUrl), basename(cacheFile)),
    };
    writeManifest(bundleUrl, cached);
    return cached;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // This file runs from dist/bundle/: its parent is the compiled folder.
  const manifests = await buildBundles(new URL('../', import.meta.url));
  for (const [index, path] of bundledModules.entries()) {
    const manifest = manifests[index] as BundleManifest;
    console.log(
      `bundled dist/${path}: ${manifest.modules} modules (${manifest.inputs.length} build records), ${(manifest.bundle.size / 1e6).toFixed(1)} MB, code cache ${((manifest.codeCache?.size ?? 0) / 1e6).toFixed(1)} MB`,
    );
  }
}
