// Which copy of a command's modules to load: its one-file bundle (built by `npm run build`, see
// ../bundle/build-command-bundle.ts) when the bundle still matches every file it was built from, else the
// compiled modules themselves. A stale bundle is never run: the check compares the size and modification
// time of each build record its modules come from (a package's tsconfig.tsbuildinfo, npm's
// node_modules/.package-lock.json) with those recorded when the bundle was made: about 20 stat calls.
// The bundle is compiled with V8's code cache made at build time, so its functions are not compiled again.
import { closeSync, fstatSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** What the builder records beside a bundle: its inputs (paths relative to the bundle's folder) and itself. */
export interface BundleManifest {
  /** The bundle's form (bundleFormat): a bundle of another form is not run by this loader. */
  readonly format: number;
  readonly bundle: FileStamp;
  /**
   * The files whose stamps stand for the bundle's modules (see the builder's buildRecordOf): each is
   * rewritten whenever any module it stands for changes. One stat call per module took 9-13 ms a start.
   */
  readonly inputs: readonly FileStamp[];
  /** How many modules the bundle holds. */
  readonly modules: number;
  /** V8's code cache of this very bundle (absent until the builder has made it). */
  readonly codeCache?: FileStamp;
}

export interface FileStamp {
  readonly path: string;
  readonly size: number;
  readonly modifiedMs: number;
}

/**
 * The function expression a bundle's file holds: the builder writes the bundle inside it, so the loader
 * compiles the file's text as it is read. Joining a wrapper to the text at each start made V8 copy the
 * whole 620 KB source into one new string before compiling it (about 210 more pages of fresh memory at
 * each `ats backtest`, on machines where a page fault costs 11-17 µs).
 */
export const bundleWrapperStart =
  '(function (exports, require, module, __filename, __dirname, __atsImport) {';
export const bundleWrapperEnd = '\n})';

/**
 * The form of bundle this loader runs, recorded in each manifest: 2 since the bundle holds its own
 * wrapper (2026-12-02). A bundle built before (its manifest has no form) is stale even when none of its
 * inputs changed: after `tsc -b` alone, the new loader would otherwise compile an unwrapped bundle.
 */
export const bundleFormat = 2;

/** The bundle of a compiled module (`x.js` -> `x.bundle.cjs`): the program's, or a command's action's. */
export function bundleUrlOf(moduleUrl: URL): URL {
  return new URL(moduleUrl.href.replace(/\.js$/, '.bundle.cjs'));
}

/** The manifest's file beside a bundle (`x.bundle.cjs` -> `x.bundle.json`). */
export function manifestUrlOf(bundleUrl: URL): URL {
  return new URL(bundleUrl.href.replace(/\.cjs$/, '.json'));
}

/** The code cache's file beside a bundle (`x.bundle.cjs` -> `x.bundle.cache`). */
export function codeCacheUrlOf(bundleUrl: URL): URL {
  return new URL(bundleUrl.href.replace(/\.cjs$/, '.cache'));
}

/** Size and modification time of a file, its path written relative to `folder`. */
export function stampOf(folder: URL, relativePath: string): FileStamp {
  const status = statSync(fileURLToPath(new URL(relativePath, folder)));
  return { path: relativePath, size: status.size, modifiedMs: status.mtimeMs };
}

/**
 * True when the file still has the recorded size and modification time. The path is the folder and the
 * relative path put together as text (`/a/b/../../c` is resolved by the system's stat itself): path.join's
 * normalizing cost more than the stat calls.
 */
function unchanged(folder: string, stamp: FileStamp): boolean {
  const now = statSync(`${folder}/${stamp.path}`, { throwIfNoEntry: false });
  return now !== undefined && now.size === stamp.size && now.mtimeMs === stamp.modifiedMs;
}

/**
 * The manifest when the bundle exists and neither it nor any file it was built from changed since it was
 * built (a `tsc -b` after the last `npm run build`, an edited package, a reinstalled dependency all make
 * it stale), else null.
 */
export function freshManifest(bundleUrl: URL): BundleManifest | null {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestUrlOf(bundleUrl), 'utf8')) as BundleManifest;
  } catch {
    return null;
  }
  const folder = dirname(fileURLToPath(bundleUrl));
  if (manifest.format !== bundleFormat) return null;
  if (manifest.bundle.path !== bundleUrl.pathname.split('/').pop()) return null;
  const fresh =
    unchanged(folder, manifest.bundle) && manifest.inputs.every((input) => unchanged(folder, input));
  return fresh ? manifest : null;
}

export function bundleIsFresh(bundleUrl: URL): boolean {
  return freshManifest(bundleUrl) !== null;
}

/**
 * The content of a file if it is still the one the stamp describes, else null. Read through the
 * descriptor whose status was checked, so a file renamed into place meanwhile (a rebuild) cannot slip in.
 */
function readStamped(file: string, stamp: FileStamp): Buffer | null;
function readStamped(file: string, stamp: FileStamp, encoding: 'latin1'): string | null;
function readStamped(file: string, stamp: FileStamp, encoding?: 'latin1'): Buffer | string | null {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const status = fstatSync(descriptor);
    if (status.size !== stamp.size || status.mtimeMs !== stamp.modifiedMs) return null;
    return encoding === undefined ? readFileSync(descriptor) : readFileSync(descriptor, encoding);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Runs a CommonJS bundle (the function expression of bundleWrapperStart, as the builder writes it) and
 * returns its exports, or null when the bundle changed after its manifest was
 * checked. Its code cache is used only when the manifest records it for this bundle (V8 itself checks
 * little more than the source's length and its own version and flags, so a cache of another bundle of
 * the same length must never reach it). With `ATS_CLI_CODE_CACHE=write` (the builder's warm-up run), the
 * cache is written at exit, holding every function the run compiled; with `report`, whether V8 took the
 * cache is written to standard error.
 */
function runBundle(bundleUrl: URL, manifest: BundleManifest): unknown | null {
  const file = fileURLToPath(bundleUrl);
  const cacheFile = fileURLToPath(codeCacheUrlOf(bundleUrl));
  // Latin-1: the builder writes the bundle in ASCII only, so each byte is its character (no UTF-8 to decode).
  const source = readStamped(file, manifest.bundle, 'latin1');
  if (source === null) return null;
  const cachedData = manifest.codeCache ? readStamped(cacheFile, manifest.codeCache) : null;
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  // A diagnostic (and the test that a started command still takes its cache): whether V8 took it.
  if (process.env.ATS_CLI_CODE_CACHE === 'report')
    process.stderr.write(
      `code cache of ${basename(file)}: ${cachedData === null ? 'absent' : script.cachedDataRejected ? 'refused' : 'taken'}\n`,
    );
  if (process.env.ATS_CLI_CODE_CACHE === 'write') {
    process.once('exit', () => {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    });
  }
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...parameters: unknown[]) => void;
  // The bundle's dynamic imports: relative ones name compiled files from the bundle's folder; bare names
  // resolve from this module, which sits in that same folder.
  const importOf = (specifier: string) =>
    import(specifier.startsWith('.') ? new URL(specifier, bundleUrl).href : specifier);
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), importOf);
  return module.exports;
}

/**
 * The bundle of a compiled module (the program, or a command's action module) when it is fresh and
 * `ATS_CLI_BUNDLE` is not `off`, else the module itself. Both export the same functions; the bundle loaded in about a quarter of the CPU time even
 * before the code cache (one tree-shaken file instead of some 400 modules resolved and compiled one by
 * one: about 70 ms against 300 ms on the loaded machine).
 */
export async function importCommandAction<Module>(
  moduleUrl: URL,
  load: () => Promise<Module>,
): Promise<Module> {
  const bundleUrl = bundleUrlOf(moduleUrl);
  const manifest = process.env.ATS_CLI_BUNDLE === 'off' ? null : freshManifest(bundleUrl);
  const bundled = manifest ? runBundle(bundleUrl, manifest) : null;
  return bundled === null ? load() : (bundled as Module);
}
