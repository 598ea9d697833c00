// Derives a stable UUID from names (an approval id, a venue and its execution id), so a redelivered
// message maps to the same order or trade instead of a second one.

const hex: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

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
  const text = parts.join('\u0000');
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  let c = 0x85ebca77;
  let d = 0xc2b2ae3d;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    c = Math.imul(c ^ unit, 0x27d4eb2f);
    d = Math.imul(d ^ unit, 0x165667b1);
    a ^= d >>> 13;
    b ^= a >>> 15;
    c ^= b >>> 11;
    d ^= c >>> 17;
  }
  const length = text.length;
  a = avalanche(a ^ length);
  b = avalanche(b ^ a);
  c = avalanche(c ^ b);
  d = avalanche(d ^ c);
  a = avalanche(a ^ d);
  const versioned = ((b & 0xffff0fff) | 0x00008000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const h = (word: number, shift: number) => hex[(word >>> shift) & 0xff];
  return (
    `${h(a, 24)}${h(a, 16)}${h(a, 8)}${h(a, 0)}-${h(versioned, 24)}${h(versioned, 16)}-` +
    `${h(versioned, 8)}${h(versioned, 0)}-${h(variant, 24)}${h(variant, 16)}-${h(variant, 8)}${h(variant, 0)}` +
    `${h(d, 24)}${h(d, 16)}${h(d, 8)}${h(d, 0)}`
  );
}
