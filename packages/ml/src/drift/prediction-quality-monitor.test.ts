// Live accuracy outside the backtested band raises one NotificationRaised on the bus, and one more when it returns.
import {
  IdGenerator,
  type NotificationRaised,
  type PlatformEvent,
  SeededRandom,
  TestClock,
  topics,
} from '@ats/core';
import { InProcessMessageBus } from '@ats/engine';
import { describe, expect, it } from 'vitest';
import {
  accuracyBand,
  type DriftAlert,
  PredictionQualityMonitor,
  publishDriftAlert,
} from './prediction-quality-monitor.js';

describe('PredictionQualityMonitor', () => {
  it('alerts once when live accuracy leaves the band and once when it comes back', () => {
    const bus = new InProcessMessageBus();
    const clock = new TestClock(0);
    const ids = new IdGenerator(new SeededRandom(1));
    const published: NotificationRaised[] = [];
    bus.subscribe(topics.allNotifications, (event: PlatformEvent) => {
      if (event.type === 'NotificationRaised') published.push(event);
    });
    const alerts: DriftAlert[] = [];
    const monitor = new PredictionQualityMonitor({
      model: 'orcl-daily',
      band: { low: 0.5, high: 0.65 },
      window: 20,
      onAlert: (alert) => {
        alerts.push(alert);
        publishDriftAlert(bus, clock, ids, alert);
      },
    });
    let time = 0;
    // 60% right: inside the band, no alert.
    for (let index = 0; index < 40; index++)
      monitor.record({ time: time++, probability: 0.7, label: index % 5 < 3 ? 1 : 0 });
    expect(monitor.accuracy).toBeCloseTo(0.6, 12);
    expect(alerts).toEqual([]);
    // Then always wrong: the window's accuracy falls below 50% and stays there (one alert, not one per bar).
    for (let index = 0; index < 30; index++) monitor.record({ time: time++, probability: 0.7, label: 0 });
    expect(alerts.map((alert) => alert.state)).toEqual(['below-band']);
    expect(alerts[0]?.accuracy).toBeLessThan(0.5);
    // Right again: back inside.
    for (let index = 0; index < 40; index++)
      monitor.record({ time: time++, probability: 0.7, label: index % 5 < 3 ? 1 : 0 });
    expect(alerts.map((alert) => alert.state)).toEqual(['below-band', 'back-in-band']);
    expect(published.map((event) => [event.kind, event.priority])).toEqual([
      ['model_drift', 8],
      ['model_drift', 3],
    ]);
    expect(published[0]?.title).toBe('Model orcl-daily: live accuracy below its backtested band');
    expect(published[0]?.message).toMatch(/over the last 20 predictions; backtested band 50.0%-65.0%/);
  });

  it('derives a band from fold accuracies and the window size, and names bad options', () => {
    const band = accuracyBand([0.52, 0.54, 0.56], 100, 2);
    expect(band.low).toBeCloseTo(0.54 - 2 * Math.sqrt((0.54 * 0.46) / 100), 12);
    expect(band.high).toBeCloseTo(0.54 + 2 * Math.sqrt((0.54 * 0.46) / 100), 12);
    expect(
      () =>
        new PredictionQualityMonitor({
          model: 'x',
          band: { low: 0.7, high: 0.6 },
          window: 20,
          onAlert: () => {},
        }),
    ).toThrow(/drift.band/);
    expect(
      () =>
        new PredictionQualityMonitor({
          model: 'x',
          band: { low: 0.4, high: 0.6 },
          window: 5,
          onAlert: () => {},
        }),
    ).toThrow(/drift.window: 5/);
  });
});
