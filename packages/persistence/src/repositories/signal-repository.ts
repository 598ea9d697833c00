// Stores signals and risk assessments with their searchable columns and the whole event as JSON.
import {
  decodeEvent,
  encodeEvent,
  type SignalApproved,
  type SignalGenerated,
  type SignalRejected,
  type SignalRepository,
  type StrategyId,
} from '@ats/core';
import type { Database } from '../database.js';
import { timestampText } from '../sql-values.js';

export class SqlSignalRepository implements SignalRepository {
  constructor(private readonly database: Database) {}

  async saveSignal(signal: SignalGenerated): Promise<void> {
    await this.database.query(
      `INSERT INTO signals (id, event_id, strategy_id, symbol, direction, strength, reference_price, generated_at, payload)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING`,
      [
        signal.signalId,
        signal.id,
        signal.strategyId,
        signal.symbol,
        signal.direction,
        signal.strength,
        signal.referencePrice.toString(),
        timestampText(signal.occurredAt),
        encodeEvent(signal),
      ],
    );
  }

  async listSignals(filter: { strategyId?: StrategyId; limit?: number } = {}): Promise<SignalGenerated[]> {
    const parameters: unknown[] = [filter.limit ?? 100];
    const where = filter.strategyId ? 'WHERE strategy_id = $2' : '';
    if (filter.strategyId) parameters.push(filter.strategyId);
    const rows = await this.database.query(
      `SELECT payload::text AS payload FROM signals ${where} ORDER BY sequence DESC LIMIT $1`,
      parameters,
    );
    return rows.map((row) => decodeEvent(row.payload as string) as SignalGenerated);
  }

  async saveAssessment(assessment: SignalApproved | SignalRejected): Promise<void> {
    const approved = assessment.type === 'SignalApproved';
    await this.database.query(
      `INSERT INTO risk_assessments (id, signal_id, strategy_id, symbol, approved, reason_code, reason, side, quantity, sizing, assessed_at, payload)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT DO NOTHING`,
      [
        assessment.assessmentId,
        assessment.signalId,
        assessment.strategyId,
        assessment.symbol,
        approved,
        approved ? null : assessment.reasonCode,
        approved ? null : assessment.reason,
        approved ? assessment.side : null,
        approved ? assessment.quantity.value : null,
        approved ? assessment.sizing : null,
        timestampText(assessment.occurredAt),
        encodeEvent(assessment),
      ],
    );
  }

  async listAssessments(filter: { limit?: number } = {}): Promise<(SignalApproved | SignalRejected)[]> {
    const rows = await this.database.query(
      'SELECT payload::text AS payload FROM risk_assessments ORDER BY sequence DESC LIMIT $1',
      [filter.limit ?? 100],
    );
    return rows.map((row) => decodeEvent(row.payload as string) as SignalApproved | SignalRejected);
  }
}
