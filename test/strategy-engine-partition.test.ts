// Two Strategy Engine processes partitioned by symbol (strategy_engine.partition_by_symbol, leases in
// Redis): the symbols are split between them, and when one is SIGKILLed mid-stream the survivor takes
// its symbols over within seconds. The signals that reach a consumer group on the bus, and the journal,
// are exactly those one engine computes alone from the same bars: none lost, none twice.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Bar,
  type BarClosed,
  type EventId,
  IdGenerator,
  Price,
  SeededRandom,
  type SignalGenerated,
  TestClock,
  type Ticker,
  topics,
} from '@ats/core';
import { InProcessMessageBus, StrategyRuntime } from '@ats/engine';
import { RedisMessageBus, redisKeyPrefix } from '@ats/redis';
import { partitionedSignalIds } from '@ats/services';
import { strategyFactoryOf } from '@ats/strategies';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl } from './redis-availability.js';
import { sleep, waitFor } from './support/distributed-deployment.js';
import { PartitionedService, partitionTestsEnabled } from './support/partitioned-service.js';

const symbols = ['AAPL', 'MSFT', 'JPM', 'XOM'] as const;
const parameters = { fast: 2, slow: 4 };
// Health is polled between bars: a short timeout keeps a slow answer from holding the bars back.
const engines = new PartitionedService({
  service: 'strategy-engine',
  deploymentPrefix: 'part',
  healthTimeoutMilliseconds: 2_000,
});
let bus: RedisMessageBus | null = null;

afterAll(async () => {
  await bus?.close();
  await engines.dispose();
});

/** A seeded walk of closes per symbol: round r of symbol s is the same bar in every run. */
function barOf(symbol: string, round: number): BarClosed {
  let seed = symbol.charCodeAt(0) * 131 + symbol.charCodeAt(1);
  let close = 100;
  for (let step = 0; step <= round; step++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    close = Math.max(1, close + Math.round(((seed / 2_147_483_648) * 2 - 1) * 300) / 100);
  }
  const time = Date.UTC(2026, 0, 5, 14, 30) + round * 60_000;
  const price = Price.of(close.toFixed(2));
  const bar: Bar = {
    symbol: symbol as Ticker,
    timeframe: '1m',
    time,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 1_000,
  };
  return {
    type: 'BarClosed',
    id: `bar-${symbol}-${round}` as EventId,
    occurredAt: time,
    receivedAt: time,
    causationId: null,
    bar,
  };
}

/** The signals one engine computes alone from the same bars (the reference). */
function referenceSignals(rounds: number): SignalGenerated[] {
  const local = new InProcessMessageBus();
  const signals: SignalGenerated[] = [];
  local.subscribe(topics.allSignals, (event) => void signals.push(event as SignalGenerated));
  const runtime = new StrategyRuntime({
    bus: local,
    clock: new TestClock(0),
    ids: new IdGenerator(new SeededRandom(1)),
    signalIdsOf: partitionedSignalIds,
  });
  const factory = strategyFactoryOf('sma-cross');
  if (!factory) throw new Error('sma-cross is not registered');
  runtime.add(factory('cross', [...symbols] as Ticker[], parameters));
  for (let round = 0; round < rounds; round++)
    for (const symbol of symbols) {
      const event = barOf(symbol, round);
      runtime.onBar(event.bar, event.id);
    }
  return signals;
}

describe.runIf(partitionTestsEnabled)(
  'Strategy Engine partitioned by symbol (two processes, leases in Redis)',
  () => {
    it('splits the symbols, moves a SIGKILLed instance’s symbols to the survivor, and loses or repeats no signal', async () => {
      await engines.prepare();
      writeFileSync(
        join(engines.directory, 'default.yaml'),
        [
          'deployment:',
          `  name: ${engines.deploymentName}`,
          'market:',
          '  instruments:',
          ...symbols.map((symbol) => `    - symbol: ${symbol}`),
          'strategies:',
          '  - id: cross',
          '    kind: sma-cross',
          `    symbols: [${symbols.join(', ')}]`,
          `    parameters: { fast: ${parameters.fast}, slow: ${parameters.slow} }`,
          'strategy_engine:',
          '  partition_by_symbol: true',
          '  lease_ttl: 1500ms',
          'logging:',
          '  level: info',
          '',
        ].join('\n'),
      );
      const environment = { ATS_CONFIG_DIR: engines.directory };
      await Promise.all([engines.start('alpha', environment), engines.start('beta', environment)]);
      // The symbols split between the two, with no symbol held twice.
      const split = await engines.split(2);
      expect(new Set([...split.alpha, ...split.beta])).toEqual(new Set(symbols));

      bus = new RedisMessageBus({
        url: redisUrl as string,
        keyPrefix: redisKeyPrefix(engines.deploymentName),
        blockMilliseconds: 100,
        consumerName: 'observer',
      });
      // A consumer group as the Risk Manager has one: each event id is handled once.
      const observed: SignalGenerated[] = [];
      bus.subscribe(topics.allSignals, (event) => void observed.push(event as SignalGenerated), {
        group: 'observer',
      });
      await sleep(500);

      const rounds = 90;
      const killAt = 30;
      let killedAt = 0;
      let tookOverAt = 0;
      for (let round = 0; round < rounds; round++) {
        for (const symbol of symbols) bus.publish(topics.bars(symbol), barOf(symbol, round));
        await bus.flush();
        if (round === killAt) {
          await engines.kill('alpha', 'SIGKILL');
          killedAt = Date.now();
        }
        if (killedAt > 0 && tookOverAt === 0 && (await engines.ownedBy('beta')).length === symbols.length)
          tookOverAt = Date.now();
        await sleep(80);
      }
      // The survivor holds every symbol, taken over within seconds of the kill.
      const takeover = await waitFor(
        () => engines.ownedBy('beta'),
        (owned) => owned.length === symbols.length,
        20_000,
        'beta owns every symbol',
      );
      expect(new Set(takeover)).toEqual(new Set(symbols));
      const lines = engines.lines('beta');
      expect(lines.some((line) => line.includes('symbol lease acquired'))).toBe(true);
      // Within seconds (the lease time is 1.5 s; the bound is loose for a loaded machine), while bars flowed.
      expect(tookOverAt).toBeGreaterThan(0);
      expect(tookOverAt - killedAt).toBeLessThan(15_000);

      const expected = referenceSignals(rounds);
      expect(expected.length).toBeGreaterThan(20);
      // Signals from both sides of the kill, among them some of alpha's symbols after it died.
      const afterKill = expected.filter((signal) => Number(signal.causationId?.split('-')[2]) > killAt + 5);
      expect(afterKill.some((signal) => split.alpha.includes(signal.symbol))).toBe(true);
      await waitFor(
        async () => observed.length,
        (count) => count >= expected.length,
        30_000,
        'every expected signal observed',
      );
      await sleep(1_000);
      const key = (signal: SignalGenerated) =>
        `${signal.strategyId}|${signal.symbol}|${signal.causationId}|${signal.direction}`;
      const observedKeys = observed.map(key);
      expect(new Set(observedKeys).size).toBe(observedKeys.length);
      expect(observedKeys.sort()).toEqual(expected.map(key).sort());
      const stored = await engines.database.query<{ count: string; distinct_causes: string }>(
        "SELECT count(*) AS count, count(DISTINCT payload->>'causationId' || symbol) AS distinct_causes FROM signals",
      );
      expect(Number(stored[0]?.count)).toBe(expected.length);
      expect(Number(stored[0]?.distinct_causes)).toBe(expected.length);
    }, 300_000);
  },
);
