// Order and message counters per account and per strategy over a sliding window (market time). An
// order counts as one order and one message; a cancel or a modify as one message.
import { SlidingWindowCounter } from './sliding-window-counter.js';

export class OrderRates {
  readonly accountOrders = new SlidingWindowCounter();
  readonly accountMessages = new SlidingWindowCounter();
  private readonly strategyOrders = new Map<string, SlidingWindowCounter>();
  private readonly strategyMessages = new Map<string, SlidingWindowCounter>();

  recordOrder(strategyId: string, time: number): void {
    this.accountOrders.record(time);
    this.accountMessages.record(time);
    this.ordersOf(strategyId).record(time);
    this.messagesOf(strategyId).record(time);
  }

  recordMessage(strategyId: string | undefined, time: number): void {
    this.accountMessages.record(time);
    if (strategyId !== undefined) this.messagesOf(strategyId).record(time);
  }

  ordersOf(strategyId: string): SlidingWindowCounter {
    return counterOf(this.strategyOrders, strategyId);
  }

  messagesOf(strategyId: string): SlidingWindowCounter {
    return counterOf(this.strategyMessages, strategyId);
  }
}

function counterOf(map: Map<string, SlidingWindowCounter>, key: string): SlidingWindowCounter {
  let counter = map.get(key);
  if (!counter) {
    counter = new SlidingWindowCounter();
    map.set(key, counter);
  }
  return counter;
}
