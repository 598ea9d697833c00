// The intraday volume profile of a symbol: the average share of a session's volume traded in each
// minute of the regular session, estimated from stored one-minute bars (what VWAP schedules follow).
import type { Bar } from '@ats/core';

const minute = 60_000;

export interface SessionHours {
  readonly date: string;
  readonly open: number;
  readonly close: number;
}

export interface IntradayVolumeProfile {
  readonly symbol: string;
  /** Share of the session's volume in each minute of a regular (full-length) session; sums to 1. */
  readonly shares: readonly number[];
  /** Sessions the estimate used. */
  readonly sessions: number;
  readonly firstSession: string | null;
  readonly lastSession: string | null;
  readonly source: string;
}

/**
 * Each session's minute volumes are divided by that session's regular-hours total (so a busy day does
 * not dominate), then averaged over sessions; early-closing sessions contribute to the minutes they
 * have. Pre- and post-market bars are ignored. `sessionOf` maps a bar's start to its session, or null.
 */
export function intradayVolumeProfile(
  symbol: string,
  bars: readonly Bar[],
  sessionOf: (time: number) => SessionHours | null,
  sourceDescription: string,
): IntradayVolumeProfile {
  const perSession = new Map<string, { session: SessionHours; volumes: number[] }>();
  let longest = 0;
  for (const bar of bars) {
    const session = sessionOf(bar.time);
    if (!session || bar.time < session.open || bar.time >= session.close) continue;
    let entry = perSession.get(session.date);
    if (!entry) {
      const length = Math.round((session.close - session.open) / minute);
      longest = Math.max(longest, length);
      entry = { session, volumes: new Array<number>(length).fill(0) };
      perSession.set(session.date, entry);
    }
    const index = Math.floor((bar.time - session.open) / minute);
    entry.volumes[index] = (entry.volumes[index] ?? 0) + bar.volume;
  }
  const sums = new Array<number>(longest).fill(0);
  const counts = new Array<number>(longest).fill(0);
  for (const { volumes } of perSession.values()) {
    const total = volumes.reduce((sum, volume) => sum + volume, 0);
    if (total === 0) continue;
    for (const [index, volume] of volumes.entries()) {
      sums[index] = (sums[index] as number) + volume / total;
      counts[index] = (counts[index] as number) + 1;
    }
  }
  const averages = sums.map((sum, index) =>
    (counts[index] as number) > 0 ? sum / (counts[index] as number) : 0,
  );
  const grand = averages.reduce((sum, share) => sum + share, 0);
  const dates = [...perSession.keys()].sort();
  return {
    symbol,
    shares: grand > 0 ? averages.map((share) => share / grand) : averages,
    sessions: perSession.size,
    firstSession: dates[0] ?? null,
    lastSession: dates[dates.length - 1] ?? null,
    source: `${sourceDescription}: ${perSession.size} sessions of 1-minute bars${dates.length ? ` (${dates[0]}..${dates[dates.length - 1]})` : ''}`,
  };
}

/** Volume-weighted average of the bars' typical price (high+low+close)/3 over [from, to). */
export function intervalVwap(bars: readonly Bar[], from: number, to: number): number | null {
  let notional = 0;
  let volume = 0;
  for (const bar of bars) {
    if (bar.time < from || bar.time >= to) continue;
    const typical = (bar.high.toNumber() + bar.low.toNumber() + bar.close.toNumber()) / 3;
    notional += typical * bar.volume;
    volume += bar.volume;
  }
  return volume > 0 ? notional / volume : null;
}
