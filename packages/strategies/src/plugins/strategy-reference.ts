// What a strategy reference names: a registered kind, a file, or an installed package.

/** Files a plug-in may be written in: TypeScript or JavaScript, ES modules or CommonJS. */
export const strategyFileExtensions = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] as const;

// npm's rule for package names: lowercase, optional scope, no leading dot or underscore.
const packageName = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export type StrategyReferenceKind = 'registered' | 'file' | 'package';

/**
 * A reference is a file when it looks like a path (starts with `.` or `/`, or ends in a source
 * extension), a package when it is a valid npm name; a registered kind wins over both.
 */
export function referenceKind(
  reference: string,
  isRegistered: (name: string) => boolean,
): StrategyReferenceKind | null {
  if (isRegistered(reference)) return 'registered';
  if (
    reference.startsWith('.') ||
    reference.startsWith('/') ||
    strategyFileExtensions.some((extension) => reference.endsWith(extension))
  )
    return 'file';
  if (packageName.test(reference)) return 'package';
  return null;
}

/** A default strategy id for a reference: the kind, the file's base name, or the package name. */
export function defaultStrategyId(reference: string): string {
  const base = reference.split(/[\\/]/).pop() ?? reference;
  const withoutExtension = base.replace(/\.(m|c)?[jt]s$/, '');
  const id =
    reference.startsWith('@') || !reference.includes('/')
      ? reference.replace(/\.(m|c)?[jt]s$/, '')
      : withoutExtension;
  return (id || 'strategy').slice(0, 50);
}
