// An alarm that does not flap: it rises to a severity when its value reaches that level's raise
// threshold and falls back only when the value drops below the lower clear threshold.
import type { AlertSeverity } from '@ats/core';

export interface AlarmLevel {
  readonly raise: number;
  /** Below `raise`: the band between them keeps the current state. */
  readonly clear: number;
}

export interface AlarmLevels {
  readonly warning: AlarmLevel;
  readonly critical: AlarmLevel;
}

export type AlarmState = 'normal' | Exclude<AlertSeverity, 'info'>;

export interface AlarmChange {
  readonly from: AlarmState;
  readonly to: AlarmState;
  readonly value: number;
}

export class HysteresisAlarm {
  private current: AlarmState = 'normal';

  constructor(
    readonly code: string,
    private readonly levels: AlarmLevels,
  ) {
    for (const [name, level] of Object.entries(levels) as [string, AlarmLevel][]) {
      if (!(Number.isFinite(level.raise) && Number.isFinite(level.clear) && level.clear < level.raise))
        throw new RangeError(`${code}: the ${name} clear threshold must be below its raise threshold`);
    }
    if (levels.critical.raise < levels.warning.raise)
      throw new RangeError(`${code}: critical must be raised at or above warning`);
  }

  get state(): AlarmState {
    return this.current;
  }

  /** Feeds a value; returns the change of state, or null when the state stays. */
  update(value: number): AlarmChange | null {
    if (Number.isNaN(value)) return null;
    const { warning, critical } = this.levels;
    const from = this.current;
    let to: AlarmState = from;
    if (value >= critical.raise) to = 'critical';
    else if (from === 'critical')
      to = value < critical.clear ? (value >= warning.clear ? 'warning' : 'normal') : 'critical';
    else if (value >= warning.raise) to = 'warning';
    else if (from === 'warning' && value < warning.clear) to = 'normal';
    if (to === from) return null;
    this.current = to;
    return { from, to, value };
  }
}
