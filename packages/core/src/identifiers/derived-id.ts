// Derives a stable UUID from names (an approval id, a venue and its execution id), so a redelivered
// message maps to the same order or trade instead of a second one.
import { uuidText } from './uuid-text.js';

/** The 32-bit avalanche step: every input bit flips about half of the output bits. */
function avalanche(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 128-bit hash of the parts, formatted as a version-8 (name-based, custom) UUID. Four multiplicative
 * lanes fed every character and mixed into each other; not cryptographic (nothing secret depends on
 * it), but wide enough that two different names collide with negligible probability. The parts are
 * joined with a separator that cannot occur in them, so ("ab", "c") and ("a", "bc") differ.
 */
export function deriveUuid(...parts: readonly string[]): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  let c = 0x85ebca77;
  let d = 0xc2b2ae3d;
  // The parts as if joined with U+0000 between them, without building the joined text.
  let length = 0;
  for (let part = 0; part < parts.length; part++) {
    const text = parts[part] as string;
    for (let index = part === 0 ? 0 : -1; index < text.length; index++) {
      const unit = index < 0 ? 0 : text.charCodeAt(index);
      a = Math.imul(a ^ unit, 0x01000193);
      b = Math.imul(b ^ unit, 0x5bd1e995);
      c = Math.imul(c ^ unit, 0x27d4eb2f);
      d = Math.imul(d ^ unit, 0x165667b1);
      a ^= d >>> 13;
      b ^= a >>> 15;
      c ^= b >>> 11;
      d ^= c >>> 17;
    }
    length += part === 0 ? text.length : text.length + 1;
  }
  a = avalanche(a ^ length);
  b = avalanche(b ^ a);
  c = avalanche(c ^ b);
  d = avalanche(d ^ c);
  a = avalanche(a ^ d);
  const versioned = ((b & 0xffff0fff) | 0x00008000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  return uuidText(a >>> 0, versioned, variant, d >>> 0);
}
