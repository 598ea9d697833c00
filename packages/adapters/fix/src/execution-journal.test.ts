// The journal: what it answers for reconciliation, and that a reopened journal answers the same.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderId } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ExecutionJournal } from './execution-journal.js';
import { readExecutionReport } from './execution-report-fields.js';
import { testIds, testOrder } from './testing/fix-test-orders.js';
import { TagValueMessage } from './testing/tag-value-message.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function journalPath(): string {
  const folder = mkdtempSync(join(tmpdir(), 'ats-fix-journal-'));
  folders.push(folder);
  return join(folder, 'ATS-BROKER.journal.jsonl');
}

const report = (body: string) => readExecutionReport(new TagValueMessage(`35=8|${body}`));

describe('ExecutionJournal', () => {
  it('follows an order through new, partial fill and fill, and answers from the file after a reopen', () => {
    const path = journalPath();
    const ids = testIds(7);
    const order = testOrder(ids, { symbol: 'IBM', quantity: 100, limitPrice: '120.25' });
    const journal = ExecutionJournal.open(path);
    journal.recordOrder(order, 1_000);
    journal.recordReport(report(`37=O-1|11=${order.id}|17=E-1|150=0|39=0|151=100|14=0|6=0`), 2_000);
    journal.recordReport(
      report(
        `37=O-1|11=${order.id}|17=E-2|150=F|39=1|32=40|31=120.25|151=60|14=40|6=120.25|60=20240102-14:30:00`,
      ),
      3_000,
    );

    const reopened = ExecutionJournal.open(path);
    for (const view of [journal, reopened]) {
      const open = view.orderReport(order.id);
      expect(open).toMatchObject({ status: 'partially_filled', venueOrderId: 'O-1', orderId: order.id });
      expect(open?.filledQuantity.value).toBe(40);
      expect(view.openOrders().map((entry) => entry.orderId)).toEqual([order.id]);
      expect(view.hasReport('E-2')).toBe(true);
      const [execution] = view.executionsSince(0);
      expect(execution?.executionId).toBe('E-2');
      expect(execution?.executedAt).toBe(Date.UTC(2024, 0, 2, 14, 30, 0));
      expect(execution?.price.toString()).toBe('120.2500');
    }

    reopened.recordReport(
      report(
        `37=O-1|11=${order.id}|17=E-3|150=F|39=2|32=60|31=120|151=0|14=100|6=120.1|60=20240102-14:31:00`,
      ),
      4_000,
    );
    expect(reopened.orderReport(order.id)?.status).toBe('filled');
    expect(reopened.openOrders()).toEqual([]);
    expect(
      reopened.executionsSince(Date.UTC(2024, 0, 2, 14, 31)).map((execution) => execution.executionId),
    ).toEqual(['E-3']);
  });

  it('finds the order of a report by our cancel or replace ClOrdID, and follows the replace', () => {
    const journal = ExecutionJournal.open(journalPath());
    const order = testOrder(testIds(8));
    journal.recordOrder(order, 1);
    journal.recordRequest(`${order.id}.R1`, order.id, 'replace', 2);
    expect(journal.requestCount(order.id)).toBe(1);
    journal.recordReport(
      report(`37=O-1|11=${order.id}.R1|41=${order.id}|17=E-1|150=5|39=0|38=300|44=99|151=300|14=0|6=0`),
      3,
    );
    expect(journal.currentClOrdId(order.id)).toBe(`${order.id}.R1`);
    expect(journal.orderReport(order.id)?.quantity.value).toBe(300);
    expect(journal.orderReport(order.id)?.limitPrice?.toString()).toBe('99.0000');

    journal.recordRequest(`${order.id}.C2`, order.id, 'cancel', 4);
    const cancel = report(`37=O-1|11=${order.id}.C2|41=${order.id}.R1|17=E-2|150=4|39=4|151=0|14=0|6=0`);
    expect(journal.orderOfReport(cancel)).toBe(order.id);
    journal.recordReport(cancel, 5);
    expect(journal.orderReport(order.id)?.status).toBe('canceled');
  });

  it('keeps orders the venue reports that ATS never sent as external open orders', () => {
    const journal = ExecutionJournal.open(journalPath());
    journal.recordReport(
      report('37=V-9|11=manual-1|17=E-1|150=0|39=0|55=MSFT|54=2|40=2|38=10|44=400|151=10|14=0|6=0'),
      1,
    );
    const [external] = journal.openOrders();
    expect(external).toMatchObject({
      orderId: null,
      venueOrderId: 'V-9',
      symbol: 'MSFT',
      side: 'SELL',
      status: 'open',
    });
  });

  it('a refused NewOrderSingle leaves the order rejected with the reason', () => {
    const journal = ExecutionJournal.open(journalPath());
    const order = testOrder(testIds(9));
    journal.recordOrder(order, 1);
    journal.recordRefusal(order.id, 'tag 40 out of range', 2);
    expect(journal.orderReport(order.id)).toMatchObject({
      status: 'rejected',
      reason: 'tag 40 out of range',
    });
    expect(journal.orderReport('unknown' as OrderId)).toBeNull();
  });

  it('nets positions with average cost from the executions it recorded', () => {
    const journal = ExecutionJournal.open(journalPath());
    const fill = (id: string, side: string, quantity: number, price: string) =>
      journal.recordReport(
        report(
          `37=V-${id}|11=x-${id}|17=E-${id}|150=F|39=2|55=IBM|54=${side}|40=2|38=${quantity}|32=${quantity}|31=${price}|151=0|14=${quantity}|6=${price}`,
        ),
        Number(id),
      );
    fill('1', '1', 100, '10');
    fill('2', '1', 100, '12');
    expect(
      journal.positions().map((position) => [position.netQuantity, position.averageCost?.toString()]),
    ).toEqual([[200, '11.0000']]);
    fill('3', '2', 50, '13');
    expect(
      journal.positions().map((position) => [position.netQuantity, position.averageCost?.toString()]),
    ).toEqual([[150, '11.0000']]);
    fill('4', '2', 250, '9');
    expect(
      journal.positions().map((position) => [position.netQuantity, position.averageCost?.toString()]),
    ).toEqual([[-100, '9.0000']]);
  });

  it('tolerates a last line cut short by a crash mid-append', () => {
    const path = journalPath();
    const journal = ExecutionJournal.open(path);
    const order = testOrder(testIds(10));
    journal.recordOrder(order, 1);
    appendFileSync(path, '{"kind":"report","at":2,"rep');
    expect(ExecutionJournal.open(path).knowsOrder(order.id)).toBe(true);
  });
});
