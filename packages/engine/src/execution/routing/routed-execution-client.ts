// Several venues behind one execution client: each order goes to the venue it was routed to (or the
// default venue), and its cancels, replaces and reports go there and nowhere else. Reconciliation sees
// every venue's orders, executions and positions together.

import {
  AtsError,
  type ExecutionClient,
  Money,
  type Order,
  type OrderEvent,
  type OrderId,
  type OrderReplacement,
  type VenueAccount,
  type VenueExecution,
  type VenueOrderReport,
  type VenuePosition,
} from '@ats/core';
import { combinedPositions } from '../combined-positions.js';

export class RoutedExecutionClient implements ExecutionClient {
  /** The venue of each order sent or about to be sent. */
  private readonly homes = new Map<OrderId, string>();
  private readonly byName = new Map<string, ExecutionClient>();
  private handler: (event: OrderEvent) => void = () => {};

  constructor(
    private readonly clients: readonly ExecutionClient[],
    /** Where an order with no route goes (an ordinary strategy order). */
    private readonly defaultVenue: string,
  ) {
    for (const client of clients) {
      if (this.byName.has(client.venue))
        throw new AtsError('INVALID_INPUT', `venues: '${client.venue}' is configured twice`);
      this.byName.set(client.venue, client);
      client.onEvent((event) => this.handler(event));
    }
    if (!this.byName.has(defaultVenue))
      throw new AtsError('INVALID_INPUT', `venues: the default venue '${defaultVenue}' is not configured`);
  }

  /** The default venue's name (new unrouted orders go there). */
  get venue(): string {
    return this.defaultVenue;
  }

  get venues(): readonly ExecutionClient[] {
    return this.clients;
  }

  /** Routes an order to a venue before it is sent (a child's stored route, again after a restart). */
  assign(orderId: OrderId, venue: string): void {
    if (!this.byName.has(venue)) throw new AtsError('INVALID_INPUT', `venue '${venue}' is not configured`);
    this.homes.set(orderId, venue);
  }

  homeOf(orderId: OrderId): string | undefined {
    return this.homes.get(orderId);
  }

  onEvent(handler: (event: OrderEvent) => void): void {
    this.handler = handler;
  }

  async connect(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled(this.clients.map((client) => client.disconnect()));
  }

  submitOrder(order: Order): void | Promise<void> {
    let home = this.homes.get(order.id);
    if (!home) {
      home = this.defaultVenue;
      this.homes.set(order.id, home);
    }
    return this.client(home).submitOrder(order);
  }

  async cancelOrder(order: Order): Promise<void> {
    await this.client(await this.homeFor(order.id)).cancelOrder(order);
  }

  async replaceOrder(order: Order, replacement: OrderReplacement): Promise<void> {
    await this.client(await this.homeFor(order.id)).replaceOrder(order, replacement);
  }

  /** From the order's venue, naming it (reconciliation adopts an outside order under that venue). */
  async orderReport(orderId: OrderId): Promise<VenueOrderReport | null> {
    const home = this.homes.get(orderId);
    const clients = home ? [this.client(home)] : this.clients;
    for (const client of clients) {
      const report = await client.orderReport(orderId);
      if (report) return { ...report, venue: report.venue ?? client.venue };
    }
    return null;
  }

  /** Every venue's answer, each naming its venue; a venue that cannot answer fails the query rather than hide its part. */
  async openOrders(): Promise<VenueOrderReport[]> {
    return (
      await Promise.all(
        this.clients.map(async (client) =>
          (await client.openOrders()).map((report) => ({ ...report, venue: report.venue ?? client.venue })),
        ),
      )
    ).flat();
  }

  /** Every venue's executions, each naming its venue (reconciliation stores and matches it by that name). */
  async executionsSince(since: number): Promise<VenueExecution[]> {
    const all = (
      await Promise.all(
        this.clients.map(async (client) =>
          (await client.executionsSince(since)).map((execution) => ({ ...execution, venue: client.venue })),
        ),
      )
    ).flat();
    return all.sort((a, b) => a.executedAt - b.executedAt);
  }

  /** Net positions summed over the venues; the average cost is kept only where one venue holds it. */
  async positions(): Promise<VenuePosition[]> {
    return combinedPositions((await Promise.all(this.clients.map((client) => client.positions()))).flat());
  }

  /** The venues' accounts summed: the cash and buying power over every venue. */
  async account(): Promise<VenueAccount> {
    const accounts = await Promise.all(this.clients.map((client) => client.account()));
    const sum = (pick: (account: VenueAccount) => Money) =>
      Money.fromRaw(accounts.reduce((total, account) => total + pick(account).raw, 0));
    return { cash: sum((account) => account.cash), buyingPower: sum((account) => account.buyingPower) };
  }

  /** The venue holding an order; one sent before a restart is found by client order id. */
  private async homeFor(orderId: OrderId): Promise<string> {
    const known = this.homes.get(orderId);
    if (known) return known;
    for (const client of this.clients) {
      const report = await client.orderReport(orderId).catch(() => null);
      if (report) {
        this.homes.set(orderId, client.venue);
        return client.venue;
      }
    }
    return this.defaultVenue;
  }

  private client(venue: string): ExecutionClient {
    return this.byName.get(venue) as ExecutionClient;
  }
}
