// Tick positions for a time axis (dates at round days, months or years) and for a linear or log value axis.

const day = 86_400_000;

export interface AxisTick {
  readonly value: number;
  readonly label: string;
}

/** Round time ticks between `from` and `to` (epoch ms), about `count` of them, labelled for their span. */
export function timeTicks(from: number, to: number, count: number, timeZone = 'UTC'): AxisTick[] {
  const span = Math.max(1, to - from);
  const formats = new Map<string, Intl.DateTimeFormat>();
  const label = (time: number, options: Intl.DateTimeFormatOptions) => {
    const key = JSON.stringify(options);
    let format = formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
      formats.set(key, format);
    }
    return format.format(new Date(time));
  };
  if (span > 2 * 365 * day || span > count * 60 * day) {
    const monthsPerTick = Math.max(1, Math.ceil(span / (30.4 * day) / count));
    const step = monthsPerTick >= 12 ? Math.ceil(monthsPerTick / 12) * 12 : monthsPerTick;
    const ticks: AxisTick[] = [];
    const start = new Date(from);
    let cursor = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
    while (cursor <= to) {
      const date = new Date(cursor);
      if ((date.getUTCFullYear() * 12 + date.getUTCMonth()) % step === 0)
        ticks.push({
          value: cursor,
          label: label(cursor, step >= 12 ? { year: 'numeric' } : { month: 'short', year: '2-digit' }),
        });
      cursor = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
    return ticks;
  }
  if (span > 2 * day) {
    const daysPerTick = Math.max(1, Math.ceil(span / day / count));
    const ticks: AxisTick[] = [];
    for (let cursor = Math.ceil(from / day) * day; cursor <= to; cursor += daysPerTick * day)
      ticks.push({ value: cursor, label: label(cursor, { month: 'short', day: 'numeric' }) });
    return ticks;
  }
  const candidates = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];
  const step = candidates.find((candidate) => span / candidate <= count) ?? 21_600_000;
  const ticks: AxisTick[] = [];
  for (let cursor = Math.ceil(from / step) * step; cursor <= to; cursor += step)
    ticks.push({
      value: cursor,
      label: label(cursor, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    });
  return ticks;
}

/** Round value ticks (1, 2, 5 times a power of ten) covering [low, high]. */
export function linearTicks(low: number, high: number, count: number): number[] {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step)
    ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** Ticks for a log axis: powers of ten with 2 and 5 between, or linear ticks when the range is narrow. */
export function logTicks(low: number, high: number, count: number): number[] {
  if (low <= 0) return linearTicks(low, high, count);
  if (high / low < 10) return linearTicks(low, high, count);
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(low)); power <= Math.ceil(Math.log10(high)); power += 1)
    for (const factor of [1, 2, 5]) {
      const value = factor * 10 ** power;
      if (value >= low && value <= high) ticks.push(value);
    }
  return ticks;
}
