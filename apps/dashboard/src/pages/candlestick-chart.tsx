// Candlesticks with SMA and EMA overlays, drawn by lightweight-charts: loaded only when the Market data
// page opens (it is the bundle's heaviest part), times shown in the chosen zone.

import { formatDateTime } from '@ats/charts';
import {
  CandlestickSeries,
  createChart,
  type IChartApi,
  LineSeries,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'preact/hooks';

export interface BarView {
  time: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: number;
}

/** The simple moving average of the closes over `period` bars (none until the window is full). */
export function simpleMovingAverage(closes: readonly number[], period: number): (number | null)[] {
  let sum = 0;
  return closes.map((close, index) => {
    sum += close;
    if (index >= period) sum -= closes[index - period] as number;
    return index >= period - 1 ? sum / period : null;
  });
}

/** The exponential moving average, seeded with the first `period` closes' mean (as TA-Lib does). */
export function exponentialMovingAverage(closes: readonly number[], period: number): (number | null)[] {
  const factor = 2 / (period + 1);
  let average: number | null = null;
  return closes.map((close, index) => {
    if (index < period - 1) return null;
    if (average === null) {
      average = closes.slice(0, period).reduce((sum, value) => sum + value, 0) / period;
      return average;
    }
    average = close * factor + average * (1 - factor);
    return average;
  });
}

export default function CandlestickChart(props: {
  bars: readonly BarView[];
  timeZone: string;
  overlays: { sma: number; ema: number };
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  useEffect(() => {
    if (!container.current) return;
    chart.current = createChart(container.current, {
      height: 340,
      autoSize: true,
      localization: { timeFormatter: (time: number) => formatDateTime(time * 1000, props.timeZone) },
      timeScale: {
        timeVisible: true,
        secondsVisible: false,
        tickMarkFormatter: (time: number) => formatDateTime(time * 1000, props.timeZone).slice(11),
      },
    });
    return () => {
      chart.current?.remove();
      chart.current = null;
    };
  }, [props.timeZone]);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    const candles = current.addSeries(CandlestickSeries, {});
    const times = props.bars.map((bar) => Math.floor(bar.time / 1000) as UTCTimestamp);
    candles.setData(
      props.bars.map((bar, index) => ({
        time: times[index] as UTCTimestamp,
        open: Number(bar.open),
        high: Number(bar.high),
        low: Number(bar.low),
        close: Number(bar.close),
      })),
    );
    const closes = props.bars.map((bar) => Number(bar.close));
    const overlay = (values: (number | null)[], color: string, title: string) => {
      const line = current.addSeries(LineSeries, { color, lineWidth: 1, title });
      line.setData(
        values.flatMap((value, index) =>
          value === null ? [] : [{ time: times[index] as UTCTimestamp, value }],
        ),
      );
      return line;
    };
    const sma = overlay(
      simpleMovingAverage(closes, props.overlays.sma),
      '#1570ef',
      `SMA ${props.overlays.sma}`,
    );
    const ema = overlay(
      exponentialMovingAverage(closes, props.overlays.ema),
      '#f79009',
      `EMA ${props.overlays.ema}`,
    );
    current.timeScale().fitContent();
    return () => {
      current.removeSeries(candles);
      current.removeSeries(sma);
      current.removeSeries(ema);
    };
  }, [props.bars, props.overlays.sma, props.overlays.ema, props.timeZone]);
  return (
    <div ref={container} class="candles" role="img" aria-label="Candlestick chart with moving averages" />
  );
}
