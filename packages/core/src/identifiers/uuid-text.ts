// The text form of a UUID from its four 32-bit words, made in one step: ids are minted for every
// order, signal and trade, and assembling 20 pieces of text left as many short-lived strings each time.

const digits = new Uint16Array(16);
for (let value = 0; value < 16; value++) digits[value] = '0123456789abcdef'.charCodeAt(value);
const dash = 45;

/** The character code of the hex digit of `word` at bit `shift`. */
function digit(word: number, shift: number): number {
  return digits[(word >>> shift) & 15] as number;
}

/** "aaaaaaaa-bbbb-bbbb-cccc-ccccdddddddd" in lower-case hex, for words a, b, c, d. */
export function uuidText(a: number, b: number, c: number, d: number): string {
  // One call with every character: the string is made once, with no intermediate pieces.
  return String.fromCharCode(
    digit(a, 28),
    digit(a, 24),
    digit(a, 20),
    digit(a, 16),
    digit(a, 12),
    digit(a, 8),
    digit(a, 4),
    digit(a, 0),
    dash,
    digit(b, 28),
    digit(b, 24),
    digit(b, 20),
    digit(b, 16),
    dash,
    digit(b, 12),
    digit(b, 8),
    digit(b, 4),
    digit(b, 0),
    dash,
    digit(c, 28),
    digit(c, 24),
    digit(c, 20),
    digit(c, 16),
    dash,
    digit(c, 12),
    digit(c, 8),
    digit(c, 4),
    digit(c, 0),
    digit(d, 28),
    digit(d, 24),
    digit(d, 20),
    digit(d, 16),
    digit(d, 12),
    digit(d, 8),
    digit(d, 4),
    digit(d, 0),
  );
}
