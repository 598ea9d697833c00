// The order journal over the repositories: orders and fills are committed before the engine goes on.
import type { Money, Order, OrderFilled, Repositories } from '@ats/core';
import type { OrderJournal } from '@ats/engine';

export class RepositoryJournal implements OrderJournal {
  constructor(private readonly repositories: Pick<Repositories, 'orders' | 'trades'>) {}

  saveOrder(order: Order): Promise<void> {
    return this.repositories.orders.saveOrder(order);
  }

  async recordFill(fill: OrderFilled, realizedPnl: Money | null): Promise<void> {
    await this.repositories.trades.recordFill(fill, realizedPnl);
  }
}
