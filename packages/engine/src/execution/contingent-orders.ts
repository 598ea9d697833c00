// Which working orders depend on each other: OCO groups (one fills or closes, the others are canceled)
// and OTO children (a bracket's exits, which work only once their parent entry has filled).
import type { OrderId } from '@ats/core';
import type { WorkingOrder } from './working-order.js';

export class ContingentOrders {
  private readonly groups = new Map<string, Set<OrderId>>();
  private readonly children = new Map<OrderId, OrderId[]>();

  register(entry: WorkingOrder): void {
    const { order } = entry;
    if (order.contingency === 'OCO' && order.orderListId !== null) {
      let group = this.groups.get(order.orderListId);
      if (!group) {
        group = new Set();
        this.groups.set(order.orderListId, group);
      }
      group.add(order.id);
    }
    if (order.parentOrderId !== null) {
      const siblings = this.children.get(order.parentOrderId) ?? [];
      siblings.push(order.id);
      this.children.set(order.parentOrderId, siblings);
    }
  }

  /** The other members of the order's OCO group. */
  siblingsOf(entry: WorkingOrder): OrderId[] {
    const { order } = entry;
    if (order.contingency !== 'OCO' || order.orderListId === null) return [];
    const group = this.groups.get(order.orderListId);
    if (!group) return [];
    return [...group].filter((id) => id !== order.id);
  }

  /** The parent is done: its children, which it no longer holds. */
  takeChildren(parent: OrderId): readonly OrderId[] {
    const children = this.children.get(parent) ?? [];
    this.children.delete(parent);
    return children;
  }

  /** The order is closed: it leaves its OCO group (siblings are still found through the others). */
  leaveGroup(entry: WorkingOrder): void {
    const { order } = entry;
    if (order.orderListId === null) return;
    const group = this.groups.get(order.orderListId);
    if (!group) return;
    group.delete(order.id);
    if (group.size === 0) this.groups.delete(order.orderListId);
  }
}
