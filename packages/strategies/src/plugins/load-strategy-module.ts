// Loads a strategy file written outside ATS (TypeScript or JavaScript) as an ES module, with its
// imports of `@ats/*` bound to this installation's own packages.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/**
 * A plug-in lives anywhere (a temp folder, the user's project) where `@ats/engine` does not
 * resolve, and Node 20 cannot run TypeScript. esbuild bundles the file and its relative imports and
 * transpiles TypeScript; every `@ats/*` import stays external, pointed at the package this
 * installation loaded, so `class X extends Strategy` extends the very class the runtime checks.
 */
// Resolved from this package, whose dependencies are the platform's own packages.
const atsRequire = createRequire(import.meta.url);

const atsPackages: Plugin = {
  name: 'ats-packages',
  setup(build) {
    build.onResolve({ filter: /^@ats\// }, (args) => ({
      path: pathToFileURL(atsRequire.resolve(args.path)).href,
      external: true,
    }));
  },
};

/** Bundles and imports the module at an absolute path; the module's namespace object. */
export async function loadStrategyModule(path: string): Promise<Record<string, unknown>> {
  // Loaded on demand: `ats` starts without esbuild, and registered kinds never need it.
  const { build } = await import('esbuild');
  const output = await build({
    entryPoints: [path],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
    absWorkingDir: dirname(path),
    plugins: [atsPackages],
    // CommonJS dependencies bundled into an ES module may call require for Node built-ins.
    banner: {
      js: "import { createRequire as __atsRequire } from 'node:module'; const require = __atsRequire(import.meta.url);",
    },
  }).catch(
    (error: Error & { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => {
      const first = error.errors?.[0];
      const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
      throw new Error(`cannot compile strategy ${path}: ${first?.text ?? error.message}${where}`);
    },
  );
  // Written to a file of its own (a data: URL has no file URL for createRequire), imported, removed.
  const folder = mkdtempSync(join(tmpdir(), 'ats-strategy-'));
  const file = join(folder, 'strategy.mjs');
  try {
    writeFileSync(file, output.outputFiles[0]?.text ?? '');
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The entry file of an installed package, found from `from` upward as Node does. */
export function packageEntry(name: string, from: string): string | null {
  let folder = from;
  for (;;) {
    const manifest = `${folder}/node_modules/${name}/package.json`;
    try {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as {
        exports?: unknown;
        module?: string;
        main?: string;
      };
      return `${folder}/node_modules/${name}/${entryOf(parsed)}`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parent = dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}

function entryOf(manifest: { exports?: unknown; module?: string; main?: string }): string {
  const conditional = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      for (const key of ['.', 'import', 'node', 'default']) {
        const found = Object.hasOwn(record, key) ? conditional(record[key]) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };
  return (conditional(manifest.exports) ?? manifest.module ?? manifest.main ?? 'index.js').replace(
    /^\.\//,
    '',
  );
}
