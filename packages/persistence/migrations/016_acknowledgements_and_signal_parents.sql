-- Migration 016: order acknowledgement times, and the signal behind a parent order.

-- When the venue first acknowledged each order (its first OrderAccepted, or its first fill when the
-- venue fills without acknowledging first), so transaction cost analysis has the submit → acknowledge
-- stage for every order, not only for algorithm children (whose stages are in algorithm_child_orders).
ALTER TABLE orders ADD COLUMN acknowledged_at TIMESTAMPTZ;

-- A parent a strategy's signal asked for (its `execution` request): the signal and risk assessment it
-- came from, carried by its first child order after a restart too.
ALTER TABLE algorithm_parent_orders ADD COLUMN signal_id UUID;
ALTER TABLE algorithm_parent_orders ADD COLUMN risk_assessment_id UUID;
