// Ids keep their exact text: derived ids name stored orders and trades, so a faster way of writing them
// must give the same characters (the expected values are what the earlier implementation produced).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../time/random-source.js';
import { deriveUuid, UuidDeriver } from './derived-id.js';
import { IdGenerator } from './id-generator.js';
import { uuidText } from './uuid-text.js';

describe('identifier text', () => {
  it('uuidText writes the four words as lower-case hex in the 8-4-4-4-12 layout, leading zeros kept', () => {
    expect(uuidText(0xdeadbeef, 0x12345678, 0x9abcdef0, 0x0fedcba9)).toBe(
      'deadbeef-1234-5678-9abc-def00fedcba9',
    );
    expect(uuidText(0, 0, 0, 0)).toBe('00000000-0000-0000-0000-000000000000');
    expect(uuidText(-1, -1, -1, -1)).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });

  it('deriveUuid gives the same ids as before for the same parts, and separates the parts', () => {
    expect(deriveUuid('assessment', 'backtest', '4fe638c8-cec5-4d93-b10b-e801596a4344')).toBe(
      '6ff16249-63b1-8f93-b4a0-1b3fa16c16b2',
    );
    expect(deriveUuid('a', 'bc')).toBe('17c60bdc-d8d5-8c11-9fa3-6c22234ddd53');
    expect(deriveUuid('ab', 'c')).toBe('7a82c3b0-e1d6-8d4b-8a03-1ff3859d1128');
    expect(deriveUuid()).toBe('ae73e01b-cb11-83bf-944f-f8c150e9b85a');
    expect(deriveUuid('only')).toBe('dc44a1a2-d3ca-8600-a073-9843920783e3');
  });

  it('UuidDeriver gives exactly deriveUuid of its prefix and the last part, for any texts', () => {
    expect(new UuidDeriver('assessment', 'backtest').derive('4fe638c8-cec5-4d93-b10b-e801596a4344')).toBe(
      '6ff16249-63b1-8f93-b4a0-1b3fa16c16b2',
    );
    expect(new UuidDeriver().derive('only')).toBe('dc44a1a2-d3ca-8600-a073-9843920783e3');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }), fc.string(), (prefix, last) => {
        const deriver = new UuidDeriver(...prefix);
        // Twice, with another derivation between: the deriver keeps its own state.
        const first = deriver.derive(last);
        deriveUuid('other', last);
        expect([first, deriver.derive(last)]).toEqual([
          deriveUuid(...prefix, last),
          deriveUuid(...prefix, last),
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('IdGenerator on a seeded source gives the same version-4 ids as before', () => {
    const ids = new IdGenerator(new SeededRandom(1));
    expect(ids.uuid()).toBe('9190299e-c101-4b27-a3af-522f7d71fb05');
    expect(ids.orderId()).toBe('787816c2-fbbe-4c00-9a5c-175a89063de1');
    expect(ids.eventId()).toBe('562235e3-dbe0-4002-80cc-1');
  });
});
