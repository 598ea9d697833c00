// The smart order router's venue statistics for transaction cost analysis: per venue that routed
// children went to, how many, how much was routed and filled, at what average price and fees, how fast,
// and the newest routing reason (the reasons themselves are stored with each child).
import type { Database } from '@ats/persistence';

export async function routedVenueReport(
  database: Database,
  accountId: string,
  limit: number,
): Promise<Record<string, unknown>[]> {
  return database.query(
    `SELECT c.venue AS key, COUNT(*)::int AS children, SUM(c.quantity)::bigint AS routed_quantity,
            COALESCE(SUM(o.filled_quantity), 0)::bigint AS filled_quantity,
            COALESCE(SUM(o.filled_quantity), 0)::float8 / NULLIF(SUM(c.quantity), 0) AS fill_rate,
            (SELECT SUM(t.executed_price * t.quantity) / NULLIF(SUM(t.quantity), 0) FROM trades t
               JOIN algorithm_child_orders tc ON tc.order_id = t.order_id
               JOIN algorithm_parent_orders tp ON tp.id = tc.parent_id
              WHERE tc.venue = c.venue AND tp.account_id = $1) AS average_price,
            (SELECT COALESCE(SUM(t.commission), 0) FROM trades t
               JOIN algorithm_child_orders tc ON tc.order_id = t.order_id
               JOIN algorithm_parent_orders tp ON tp.id = tc.parent_id
              WHERE tc.venue = c.venue AND tp.account_id = $1) AS commissions,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c.acknowledged_at - c.submitted_at)) * 1000) AS submit_to_ack_p50_ms,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c.acknowledged_at - c.submitted_at)) * 1000) AS submit_to_ack_p95_ms,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c.first_fill_at - c.decided_at)) * 1000) AS decision_to_first_fill_p50_ms,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (c.first_fill_at - c.decided_at)) * 1000) AS decision_to_first_fill_p95_ms,
            (ARRAY_AGG(c.route_reason ORDER BY c.decided_at DESC, c.sequence DESC))[1] AS latest_reason
       FROM algorithm_child_orders c
       JOIN algorithm_parent_orders p ON p.id = c.parent_id
       LEFT JOIN orders o ON o.id = c.order_id
      WHERE p.account_id = $1 AND c.venue IS NOT NULL
      GROUP BY c.venue ORDER BY c.venue LIMIT $2`,
    [accountId, limit],
  );
}
