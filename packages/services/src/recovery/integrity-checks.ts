// The integrity checks of a restored store (`ats dr drill`): positions equal the trades, each order's
// filled quantity equals its fills, the paper venue's executions equal the trades, the audit chain
// verifies; and the cash the trades leave, as a restart rebuilds it.
import type { Database } from '@ats/persistence';
import { type AuditChainReport, verifyAuditChain } from '../audit/audit-chain-verifier.js';
import type { AuditSigningKey } from '../audit/audit-signing-key.js';

export interface IntegrityCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function differences(database: Database, sql: string): Promise<number> {
  const [row] = await database.query<{ count: string }>(`SELECT COUNT(*) AS count FROM (${sql}) differences`);
  return Number(row?.count ?? 0);
}

async function tableExists(database: Database, table: string): Promise<boolean> {
  const [row] = await database.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    table,
  ]);
  return Boolean(row?.found);
}

const countCheck = (name: string, count: number, what: string): IntegrityCheck => ({
  name,
  ok: count === 0,
  detail: count === 0 ? 'no difference' : `${count} ${what}`,
});

export async function runIntegrityChecks(
  database: Database,
  auditKey: AuditSigningKey,
): Promise<IntegrityCheck[]> {
  const checks: IntegrityCheck[] = [];
  checks.push(
    countCheck(
      'positions equal the trades',
      await differences(
        database,
        `SELECT COALESCE(t.account_id, p.account_id), COALESCE(t.symbol, p.symbol)
         FROM (SELECT account_id, symbol, SUM(CASE WHEN side = 'BUY' THEN quantity ELSE -quantity END) AS quantity
               FROM trades GROUP BY account_id, symbol) t
         FULL JOIN portfolio_positions p ON p.account_id = t.account_id AND p.symbol = t.symbol
         WHERE COALESCE(t.quantity, 0) <> COALESCE(p.quantity, 0)`,
      ),
      'account/symbol positions differ from the trades',
    ),
  );
  checks.push(
    countCheck(
      'orders reconcile with their fills',
      await differences(
        database,
        `SELECT o.id FROM orders o LEFT JOIN (SELECT order_id, SUM(quantity) AS filled FROM trades GROUP BY order_id) t
           ON t.order_id = o.id WHERE o.filled_quantity <> COALESCE(t.filled, 0)`,
      ),
      "orders whose filled quantity is not their trades' sum",
    ),
  );
  if (await tableExists(database, 'paper_venue_executions'))
    checks.push(
      countCheck(
        'the paper venue reconciles with the trades',
        (await differences(
          database,
          'SELECT venue, execution_id FROM paper_venue_executions EXCEPT SELECT venue, execution_id FROM trades',
        )) +
          (await differences(
            database,
            `SELECT venue, execution_id FROM trades WHERE venue = 'PAPER'
             EXCEPT SELECT venue, execution_id FROM paper_venue_executions`,
          )),
        'executions at the venue and in trades differ',
      ),
    );
  checks.push(
    countCheck(
      'no execution recorded twice',
      await differences(
        database,
        'SELECT venue, execution_id FROM trades GROUP BY venue, execution_id HAVING COUNT(*) > 1',
      ),
      'executions recorded more than once',
    ),
  );
  const audit: AuditChainReport = await verifyAuditChain(database, auditKey);
  checks.push({
    name: 'the audit chain verifies',
    ok: audit.ok,
    detail: audit.ok
      ? `${audit.recordsChecked} records, ${audit.checkpointsVerified} checkpoints`
      : `broken: ${JSON.stringify(audit.problem)}`,
  });
  // ATS keeps no cash balance of its own: a restart rebuilds cash from the trades, as this does.
  const cash = await database.query<{ account_id: string; cash: string }>(
    `SELECT a.account_id, (a.starting_cash
        - COALESCE(SUM(CASE WHEN t.side = 'BUY' THEN t.quantity * t.executed_price ELSE -t.quantity * t.executed_price END), 0)
        - COALESCE(SUM(t.commission), 0))::text AS cash
     FROM accounts a LEFT JOIN trades t ON t.account_id = a.account_id GROUP BY a.account_id, a.starting_cash
     ORDER BY a.account_id`,
  );
  checks.push({
    name: 'cash rebuilt from the trades',
    ok: cash.every((row) => !row.cash.startsWith('-')),
    detail: cash.length === 0 ? 'no account' : cash.map((row) => `${row.account_id} ${row.cash}`).join(', '),
  });
  return checks;
}
