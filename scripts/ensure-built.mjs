// Run by `npm start`: builds only when a source changed since the last build (`npm install` already
// built through `prepare`), so a start on an unchanged tree goes straight to the platform.
// Why not `tsc -b` every time: its up-to-date check alone took 8 s on a busy two-core machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest modification time under a folder, in milliseconds (0 for an absent folder). */
function newestModification(folder) {
  if (!existsSync(folder)) return 0;
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The TypeScript projects the platform runs from: the root tsconfig's references with a src folder (not test/). */
function projects() {
  const config = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  return config.references
    .map((reference) => join(root, reference.path))
    .filter((project) => existsSync(join(project, 'src')));
}

/** A project is stale when it was never built or a file of its sources or its tsconfig is newer than its build. */
function stale(project) {
  const buildInfo = join(project, 'tsconfig.tsbuildinfo');
  if (!existsSync(buildInfo)) return true;
  const built = statSync(buildInfo).mtimeMs;
  return (
    newestModification(join(project, 'src')) > built ||
    statSync(join(project, 'tsconfig.json')).mtimeMs > built
  );
}

const changed = projects().filter(stale);
if (changed.length > 0) {
  console.log(
    `[ats] sources changed since the last build (${changed.length} projects): building with tsc -b`,
  );
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The dashboard's bundle (Vite, not tsc): rebuilt when its sources or the shared charts changed.
const dashboard = join(root, 'apps/dashboard');
const bundle = join(dashboard, 'dist/index.html');
const bundleBuilt = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
if (
  bundleBuilt === 0 ||
  newestModification(join(dashboard, 'src')) > bundleBuilt ||
  newestModification(join(root, 'packages/charts/src')) > bundleBuilt
) {
  console.log('[ats] building the dashboard');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '-w', '@ats/dashboard'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(root, 'packages/persistence/.store-template/template.json'))) {
  // Made by `npm install`; missing after a build by hand. One-off: it runs PGlite's initdb.
  spawnSync(process.execPath, [join(root, 'packages/persistence/dist/build-store-template.js')], {
    cwd: root,
    stdio: 'inherit',
  });
}
