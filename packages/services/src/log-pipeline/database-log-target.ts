// Log records into the PostgreSQL (or embedded) log table, searched by /api/monitoring/logs.
import type { Queryable } from '@ats/persistence';
import type { LogRecord } from './log-record.js';
import type { LogTarget } from './log-shipper.js';
import { insertLogRecords } from './log-store.js';

export class DatabaseLogTarget implements LogTarget {
  readonly name = 'database';

  constructor(private readonly database: Queryable) {}

  async write(records: readonly LogRecord[]): Promise<readonly LogRecord[]> {
    await insertLogRecords(this.database, records);
    return [];
  }
}
