// Records which events each consumer has handled, so a redelivered event is recognized and skipped.
import type { ProcessedEventRepository } from '@ats/core';
import type { Database } from '../database.js';

export class SqlProcessedEventRepository implements ProcessedEventRepository {
  constructor(private readonly database: Database) {}

  async markProcessed(consumer: string, eventId: string): Promise<boolean> {
    const rows = await this.database.query(
      'INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [consumer, eventId],
    );
    return rows.length === 1;
  }
}
