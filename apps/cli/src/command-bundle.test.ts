// The bundles of `ats backtest` and of the program: built from dist, run only while they match every file
// they were built from, and printing and writing exactly what the compiled modules do.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, buildRecordOf, bundledModules } from './bundle/build-command-bundle.js';
import type { BundleManifest } from './commands/command-bundle.cjs';
import {
  bundleFormat,
  bundleIsFresh,
  bundleUrlOf,
  bundleWrapperEnd,
  bundleWrapperStart,
  importCommandAction,
  manifestUrlOf,
} from './commands/command-bundle.cjs';

/** A scratch bundle's text as the builder writes a bundle: the module's code inside its function. */
function wrapped(code: string): string {
  return `${bundleWrapperStart}${code}${bundleWrapperEnd}`;
}

const main = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
const action = new URL('../dist/commands/backtest-action.js', import.meta.url);
const bundle = bundleUrlOf(action);
const scratch = mkdtempSync(join(tmpdir(), 'ats-command-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The bundles of dist, built afresh (the program's and ats backtest's, each with its code cache).
let manifests: BundleManifest[] = [];
beforeAll(async () => {
  manifests = await buildBundles(new URL('../dist/', import.meta.url));
}, 120_000);

// A module-resolution hook that prints every module the command loads, so a test sees which copy ran.
// Node runs the hooks on their own thread, whose process.stderr is asynchronous: a line still queued when
// the command exits is lost (CI saw a run that printed none of its later modules). writeSync is not.
const hook = join(scratch, 'print-modules.mjs');
writeFileSync(
  hook,
  "import { writeSync } from 'node:fs';\n" +
    'export async function resolve(specifier, context, next) {\n' +
    '  const result = await next(specifier, context);\n' +
    "  writeSync(2, 'module ' + result.url + '\\n');\n" +
    '  return result;\n' +
    '}\n',
);
const register = join(scratch, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

/** `ats backtest` on the bundled ORCL, its report in `folder`, and the modules it loaded. */
function backtest(folder: string, bundleSetting?: 'off') {
  const env = { ...process.env };
  if (bundleSetting) env.ATS_CLI_BUNDLE = bundleSetting;
  else delete env.ATS_CLI_BUNDLE;
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(register).href,
      main,
      'backtest',
      '--strategy',
      'sma-cross',
      '--symbols',
      'ORCL',
      '--commission-bps',
      '10',
      '--report',
      folder,
    ],
    { encoding: 'utf8', env },
  );
  expect(result.status, result.stderr).toBe(0);
  const modules = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('module '))
    .map((line) => line.slice('module '.length));
  return { stdout: result.stdout.replaceAll(folder, '<report>'), modules };
}

/** The report without its inlined hover script (the bundler prints that function's source its own way). */
function withoutScript(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, '<script/>');
}

describe('the ats backtest bundle', () => {
  it('prints and writes the same results as the compiled modules, loading no package module', async () => {
    expect(bundledModules).toContain('commands/backtest-action.js');
    expect(bundleIsFresh(bundle)).toBe(true);
    const bundledFolder = join(scratch, 'bundled');
    const compiledFolder = join(scratch, 'compiled');
    const bundled = backtest(bundledFolder);
    const compiled = backtest(compiledFolder, 'off');

    // The bundle is run as a script (not resolved as a module): the bundled run loads no package at all.
    expect(bundled.modules.filter((url) => url.includes('/packages/'))).toEqual([]);
    expect(compiled.modules.some((url) => url.includes('/packages/engine/dist/'))).toBe(true);

    expect(bundled.stdout).toContain('bars 5036');
    expect(bundled.stdout).toBe(compiled.stdout);
    expect(readFileSync(join(bundledFolder, 'results.json'), 'utf8')).toBe(
      readFileSync(join(compiledFolder, 'results.json'), 'utf8'),
    );
    const bundledHtml = readFileSync(join(bundledFolder, 'report.html'), 'utf8');
    expect(withoutScript(bundledHtml)).toBe(
      withoutScript(readFileSync(join(compiledFolder, 'report.html'), 'utf8')),
    );
    // The inlined hover script still defines and calls the function.
    const script = /<script>\((function attachChartHover[\s\S]*?)\)\(document\);<\/script>/.exec(bundledHtml);
    expect(script?.[1]).toBeDefined();
    expect(() => new Function(`return (${script?.[1]});`)).not.toThrow();
  });

  it('has its code cache, and the program its own, taken by V8 when ats backtest starts after the warm-up run that made them', () => {
    // The command then delays V8's optimizing compiler (short-run-tiering.ts): a flag changed before a
    // cache is read, or before the warm-up run writes it, would have V8 refuse the cache at every start.
    expect(manifests.every((manifest) => manifest.codeCache !== undefined)).toBe(true);
    const result = spawnSync(
      process.execPath,
      [main, 'backtest', '--strategy', 'sma-cross', '--symbols', 'ORCL'],
      {
        encoding: 'utf8',
        env: { ...process.env, ATS_CLI_BUNDLE: 'on', ATS_CLI_CODE_CACHE: 'report' },
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('code cache of program.bundle.cjs: taken');
    expect(result.stderr).toContain('code cache of backtest-action.bundle.cjs: taken');
    expect(result.stdout).toContain('bars 5036');
  });

  it("stands for its 400-odd modules with their packages' build records and npm's record of node_modules", () => {
    const manifest = manifests[bundledModules.indexOf('commands/backtest-action.js')] as BundleManifest;
    expect(manifest.modules).toBeGreaterThan(400);
    const records = manifest.inputs.map((input) => input.path);
    expect(records.length).toBeLessThan(30);
    expect(records).toContain('../../../../packages/engine/tsconfig.tsbuildinfo');
    expect(records).toContain('../../tsconfig.tsbuildinfo');
    expect(records).toContain('../../../../node_modules/.package-lock.json');
    expect(records.every((path) => /(tsconfig\.tsbuildinfo|\.package-lock\.json)$/.test(path))).toBe(true);
  });

  it('finds the data files of the packages it bundles where the packages keep them', () => {
    const text = readFileSync(bundle, 'utf8');
    // Each module that reads import.meta.url gets its own compiled file's URL, relative to the bundle
    // (written without spaces: the bundle is minified in layout only).
    expect(text).toContain('new URL("../../../../packages/backtest/dist/bundled-data.js",__atsBundleUrl)');
    // esbuild writes import_meta for an import.meta it could not carry into CommonJS: there is none.
    expect(text).not.toContain('import_meta');
  });

  it('is the function expression the loader compiles as read, with no wrapper joined at each start', () => {
    const text = readFileSync(bundle, 'utf8');
    expect(text.startsWith(bundleWrapperStart)).toBe(true);
    expect(text.endsWith(bundleWrapperEnd)).toBe(true);
  });

  it('holds zod with its English messages and no other zod locale, as one-byte text', () => {
    const text = readFileSync(bundle, 'utf8');
    // The schema files import zod as a namespace, so the bundle is tree-shaken: the English messages
    // (set by the first schema built) are in, the Dutch locale's are not.
    expect(text).toContain('Invalid input');
    expect(text).not.toContain('Ongeldige invoer');
    // ASCII only, one byte a character in UTF-8 (V8 holds a source with any other character as two
    // bytes a character).
    expect(Buffer.byteLength(text, 'utf8')).toBe(text.length);
  });
});

describe('the program bundle', () => {
  it('prints the same help and calendar answers as the compiled program, loading no registration module', async () => {
    const program = new URL('../dist/program.js', import.meta.url);
    expect(bundledModules).toContain('program.js');
    expect(bundleIsFresh(bundleUrlOf(program))).toBe(true);
    for (const args of [
      ['--help'],
      ['backtest', '--help'],
      ['calendar', 'day', '2025-01-09'],
      ['nonsense'],
    ]) {
      const run = (bundleSetting?: 'off') => {
        const env = { ...process.env };
        if (bundleSetting) env.ATS_CLI_BUNDLE = bundleSetting;
        else delete env.ATS_CLI_BUNDLE;
        return spawnSync(process.execPath, ['--import', pathToFileURL(register).href, main, ...args], {
          encoding: 'utf8',
          env,
        });
      };
      const bundled = run();
      const compiled = run('off');
      expect(bundled.status, args.join(' ')).toBe(compiled.status);
      expect(bundled.stdout, args.join(' ')).toBe(compiled.stdout);
      const errors = (text: string) => text.split('\n').filter((line) => !line.startsWith('module '));
      expect(errors(bundled.stderr), args.join(' ')).toEqual(errors(compiled.stderr));
      // The bundle is run as a script: the bundled run resolves no registration module.
      expect(bundled.stderr).not.toContain('/dist/program.js');
      expect(bundled.stderr).not.toContain('/dist/commands/index.js');
      expect(compiled.stderr).toContain('/dist/commands/index.js');
    }
  });
});

describe('the program bundle at start', () => {
  it("starts without Node's child_process module: commander gets it on first use (ats has no executable subcommand)", () => {
    // Lists the built-in modules loaded after the preload, as the command exits.
    const preload = join(scratch, 'print-builtins.cjs');
    writeFileSync(
      preload,
      'const before = new Set(process.moduleLoadList);\n' +
        "process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.filter((m) => !before.has(m)).join('\\n') + '\\n'));\n",
    );
    const env = { ...process.env };
    delete env.ATS_CLI_BUNDLE;
    const run = (bundleSetting?: 'off') =>
      spawnSync(process.execPath, ['--require', preload, main, '--help'], {
        encoding: 'utf8',
        env: bundleSetting ? { ...env, ATS_CLI_BUNDLE: bundleSetting } : env,
      });
    const bundled = run();
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(bundled.stdout).toContain('backtest');
    expect(bundled.stderr).toContain('NativeModule vm');
    expect(bundled.stderr).not.toContain('NativeModule child_process');
    // The compiled modules load commander itself, which loads it at start.
    expect(run('off').stderr).toContain('NativeModule child_process');
  });
});

describe('buildRecordOf', () => {
  it("names a module's package build record, npm's record for a dependency, and else the module itself", () => {
    const root = join(scratch, 'records');
    mkdirSync(join(root, 'packages', 'built', 'dist', 'deep'), { recursive: true });
    mkdirSync(join(root, 'packages', 'unbuilt', 'dist'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'dependency', 'lib'), { recursive: true });
    mkdirSync(join(root, 'loose'), { recursive: true });
    for (const file of [
      'packages/built/package.json',
      'packages/built/tsconfig.tsbuildinfo',
      'packages/unbuilt/package.json',
      'node_modules/.package-lock.json',
      'node_modules/dependency/package.json',
    ])
      writeFileSync(join(root, file), '{}');
    expect(buildRecordOf(join(root, 'packages/built/dist/deep/a.js'))).toBe(
      join(root, 'packages/built/tsconfig.tsbuildinfo'),
    );
    expect(buildRecordOf(join(root, 'node_modules/dependency/lib/b.js'))).toBe(
      join(root, 'node_modules/.package-lock.json'),
    );
    // A package never built by tsc, and a file outside any package, stand for themselves.
    expect(buildRecordOf(join(root, 'packages/unbuilt/dist/c.js'))).toBe(
      join(root, 'packages/unbuilt/dist/c.js'),
    );
    expect(buildRecordOf(join(root, 'loose/d.js'))).toBe(join(root, 'loose/d.js'));
  });
});

describe('bundleIsFresh', () => {
  /** A bundle of two inputs in a scratch folder, with the manifest the builder would write. */
  function scratchBundle(name: string) {
    const folder = join(scratch, name);
    mkdirSync(join(folder, 'inputs'), { recursive: true });
    writeFileSync(join(folder, 'inputs', 'a.js'), 'export const a = 1;\n');
    writeFileSync(join(folder, 'inputs', 'b.js'), 'export const b = 2;\n');
    writeFileSync(join(folder, 'x.bundle.cjs'), 'export const a = 1, b = 2;\n');
    const stamp = (path: string) => {
      const status = statSync(join(folder, path));
      return { path, size: status.size, modifiedMs: status.mtimeMs };
    };
    const url = pathToFileURL(join(folder, 'x.bundle.cjs'));
    writeFileSync(
      manifestUrlOf(url),
      JSON.stringify({
        format: bundleFormat,
        bundle: stamp('x.bundle.cjs'),
        inputs: [stamp('inputs/a.js'), stamp('inputs/b.js')],
        modules: 2,
      }),
    );
    return { folder, url };
  }

  it('is true for an untouched bundle', () => {
    expect(bundleIsFresh(scratchBundle('untouched').url)).toBe(true);
  });

  it('is false for a bundle of an earlier form (its manifest records no form, or another)', () => {
    for (const format of [undefined, bundleFormat - 1]) {
      const { url } = scratchBundle(`form-${format}`);
      const file = fileURLToPath(manifestUrlOf(url));
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...manifest, format }));
      expect(bundleIsFresh(url), String(format)).toBe(false);
    }
  });

  it('is false once an input is rewritten, even at the same size', () => {
    const { folder, url } = scratchBundle('rewritten');
    writeFileSync(join(folder, 'inputs', 'b.js'), 'export const b = 3;\n');
    utimesSync(join(folder, 'inputs', 'b.js'), new Date(), new Date(Date.now() + 5_000));
    expect(bundleIsFresh(url)).toBe(false);
  });

  it('is false once an input is removed, or the bundle itself replaced, or the manifest is missing', () => {
    const removed = scratchBundle('removed');
    rmSync(join(removed.folder, 'inputs', 'a.js'));
    expect(bundleIsFresh(removed.url)).toBe(false);
    const replaced = scratchBundle('replaced');
    writeFileSync(join(replaced.folder, 'x.bundle.cjs'), 'export const a = 1, b = 22;\n');
    expect(bundleIsFresh(replaced.url)).toBe(false);
    const unlisted = scratchBundle('unlisted');
    rmSync(fileURLToPath(manifestUrlOf(unlisted.url)));
    expect(bundleIsFresh(unlisted.url)).toBe(false);
  });

  it('runs a fresh bundle, and the compiled module once the bundle is replaced or ATS_CLI_BUNDLE is off', async () => {
    const folder = join(scratch, 'runs');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'x.bundle.cjs'), wrapped('module.exports = { copy: "bundle" };'));
    const status = statSync(join(folder, 'x.bundle.cjs'));
    const bundleUrl = pathToFileURL(join(folder, 'x.bundle.cjs'));
    writeFileSync(
      manifestUrlOf(bundleUrl),
      JSON.stringify({
        format: bundleFormat,
        bundle: { path: 'x.bundle.cjs', size: status.size, modifiedMs: status.mtimeMs },
        inputs: [],
        modules: 0,
      }),
    );
    const moduleUrl = pathToFileURL(join(folder, 'x.js'));
    const compiled = async () => ({ copy: 'compiled' });
    expect(await importCommandAction(moduleUrl, compiled)).toEqual({ copy: 'bundle' });
    const previous = process.env.ATS_CLI_BUNDLE;
    process.env.ATS_CLI_BUNDLE = 'off';
    try {
      expect(await importCommandAction(moduleUrl, compiled)).toEqual({ copy: 'compiled' });
    } finally {
      if (previous === undefined) delete process.env.ATS_CLI_BUNDLE;
      else process.env.ATS_CLI_BUNDLE = previous;
    }
    writeFileSync(join(folder, 'x.bundle.cjs'), wrapped('module.exports = { copy: "bundle 2" };'));
    utimesSync(join(folder, 'x.bundle.cjs'), new Date(), new Date(Date.now() + 5_000));
    expect(await importCommandAction(moduleUrl, compiled)).toEqual({ copy: 'compiled' });
  });
});
