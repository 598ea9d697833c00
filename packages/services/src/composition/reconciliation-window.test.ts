// The newest stored execution across several venues, where the Trade Executor's reconciliation starts
// reading: routed venues and the two venues behind the failover client.
import { describe, expect, it } from 'vitest';
import { newestExecutionOfFailoverVenues, newestExecutionOfRoutedVenues } from './reconciliation-window.js';

const storedAt = (newest: Record<string, number | null>) => async (venue: string) => newest[venue] ?? null;

describe('reconciliation window over several venues', () => {
  it('failover: starts at the oldest newest execution of the venues that have one, not at the active venue', async () => {
    // After a failover the secondary's fills are newer; a primary fill missed before them is still read.
    expect(
      await newestExecutionOfFailoverVenues(
        ['PRIMARY', 'SECONDARY'],
        storedAt({ PRIMARY: 5_000, SECONDARY: 9_000 }),
      ),
    ).toBe(5_000);
    // Before any failover the secondary has nothing stored: the primary's newest, not the whole history.
    expect(
      await newestExecutionOfFailoverVenues(['PRIMARY', 'SECONDARY'], storedAt({ PRIMARY: 5_000 })),
    ).toBe(5_000);
    expect(await newestExecutionOfFailoverVenues(['PRIMARY', 'SECONDARY'], storedAt({}))).toBeNull();
  });

  it('routed: starts at the oldest newest execution, and from the beginning when a venue has none stored', async () => {
    expect(await newestExecutionOfRoutedVenues(['LIT', 'DARK'], storedAt({ LIT: 3_000, DARK: 7_000 }))).toBe(
      3_000,
    );
    expect(await newestExecutionOfRoutedVenues(['LIT', 'DARK'], storedAt({ LIT: 3_000 }))).toBeNull();
  });
});
