-- Quiet hours hold a delivery instead of dropping it: 'held' rows are sent once the quiet hours end.
ALTER TABLE notification_deliveries DROP CONSTRAINT notification_deliveries_status_check;
ALTER TABLE notification_deliveries
    ADD CONSTRAINT notification_deliveries_status_check
    CHECK (status IN ('pending', 'held', 'sent', 'failed', 'suppressed'));
