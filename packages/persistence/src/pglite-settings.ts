// The embedded store's settings: PGlite's defaults plus a smaller buffer cache, and its compiler tier.
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';

/**
 * PostgreSQL's default shared_buffers (128 MB) is allocated inside PGlite's WebAssembly heap, which
 * never shrinks: it alone took the one-process node past 300 MB resident. The embedded store holds one
 * account's orders, fills and quotes; 8 MB keeps its working set cached (docs/operations.md, memory).
 */
export const pgliteSharedBuffers = '8MB';

/** The start parameters of every embedded store: PGlite's own, then ours (the last -c wins). */
export function pgliteStartParameters(): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${pgliteSharedBuffers}`];
}

/**
 * Keeps WebAssembly in V8's baseline compiler (Liftoff) for the rest of the process. Why: V8 recompiles
 * PGlite's hot PostgreSQL functions with its optimizing compiler, which took the one-process node on
 * the embedded store from about 210 MB to a 290–313 MB resident peak (the compiler's working memory
 * and the second copy of the code); the store's queries run about a quarter slower without it. Only
 * the one-process node on the embedded store calls this (PostgreSQL users pay nothing): a first run
 * must stay under 300 MB (test/first-run.test.ts). Call it before the first module is compiled.
 */
export function keepWebAssemblyOnBaselineCompiler(): void {
  setFlagsFromString('--liftoff-only');
}
