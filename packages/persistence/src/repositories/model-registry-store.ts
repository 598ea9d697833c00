// The model registry's storage (migration 013): register versions, promote, roll back, list and read artifacts.
import { createHash } from 'node:crypto';
import { AtsError } from '@ats/core';
import type { Database, Queryable, Row } from '../database.js';

export type ModelStatus = 'candidate' | 'production' | 'retired';

/** What a caller registers: the model's description and its serialized artifact. */
export interface NewModelVersion {
  readonly name: string;
  readonly kind: string;
  readonly task: 'classification' | 'regression';
  readonly features: unknown;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly horizonBars: number;
  readonly symbols: readonly string[];
  /** Epoch ms of the first and last bar the model was trained on. */
  readonly trainingFrom: number;
  readonly trainingTo: number;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly columns: number;
  readonly contextRows: number;
  readonly artifact: Uint8Array;
}

export interface ModelVersion extends Omit<NewModelVersion, 'artifact'> {
  readonly version: number;
  readonly status: ModelStatus;
  readonly artifactSha256: string;
  readonly artifactBytes: number;
  readonly createdAt: number;
}

export interface ModelPromotion {
  readonly name: string;
  readonly version: number;
  readonly action: 'promote' | 'rollback';
  readonly previousVersion: number | null;
  readonly actor: string;
  readonly reason: string;
  readonly happenedAt: number;
}

const nameRule = /^[a-z0-9][a-z0-9._-]{0,99}$/;

function checkName(name: string): void {
  if (!nameRule.test(name)) {
    throw new AtsError(
      'INVALID_INPUT',
      `model.name: ${JSON.stringify(name)} must be 1-100 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

const columns = `name, version, kind, task, features, parameters, horizon_bars, symbols, training_from, training_to,
  metrics, feature_columns, context_rows, artifact_sha256, octet_length(artifact) AS artifact_bytes, status, created_at`;

function time(value: unknown): number {
  return (value instanceof Date ? value : new Date(value as string)).getTime();
}

function versionOf(row: Row): ModelVersion {
  return {
    name: row.name as string,
    version: row.version as number,
    kind: row.kind as string,
    task: row.task as ModelVersion['task'],
    features: row.features,
    parameters: row.parameters as Record<string, unknown>,
    horizonBars: row.horizon_bars as number,
    symbols: row.symbols as string[],
    trainingFrom: time(row.training_from),
    trainingTo: time(row.training_to),
    metrics: row.metrics as Record<string, number | null>,
    columns: row.feature_columns as number,
    contextRows: row.context_rows as number,
    artifactSha256: (row.artifact_sha256 as string).trim(),
    artifactBytes: Number(row.artifact_bytes),
    status: row.status as ModelStatus,
    createdAt: time(row.created_at),
  };
}

export class SqlModelRegistryStore {
  constructor(
    private readonly database: Database,
    private readonly now: () => number,
  ) {}

  /** Stores a new version (the next number for the name) as a candidate; returns it. */
  async register(model: NewModelVersion): Promise<ModelVersion> {
    checkName(model.name);
    if (!(model.trainingTo >= model.trainingFrom)) {
      throw new AtsError(
        'INVALID_INPUT',
        `model.trainingTo: ${model.trainingTo} is before trainingFrom ${model.trainingFrom}`,
      );
    }
    for (const [key, value] of Object.entries(model.metrics)) {
      if (value !== null && !Number.isFinite(value))
        throw new AtsError('INVALID_INPUT', `model.metrics.${key}: ${value} is not finite`);
    }
    if (model.artifact.length === 0) throw new AtsError('INVALID_INPUT', 'model.artifact: empty');
    const sha = createHash('sha256').update(model.artifact).digest('hex');
    return this.database.transaction(async (transaction) => {
      // Serializes registrations of one name, so two writers cannot take the same number.
      await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ml_models:${model.name}`]);
      const [next] = await transaction.query<{ version: number }>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS version FROM ml_models WHERE name = $1',
        [model.name],
      );
      const rows = await transaction.query(
        `INSERT INTO ml_models (name, version, kind, task, features, parameters, horizon_bars, symbols, training_from, training_to,
           metrics, feature_columns, context_rows, artifact, artifact_sha256, status, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,'candidate',$16) RETURNING ${columns}`,
        [
          model.name,
          Number(next?.version ?? 1),
          model.kind,
          model.task,
          JSON.stringify(model.features),
          JSON.stringify(model.parameters),
          model.horizonBars,
          [...model.symbols],
          new Date(model.trainingFrom).toISOString(),
          new Date(model.trainingTo).toISOString(),
          JSON.stringify(model.metrics),
          model.columns,
          model.contextRows,
          model.artifact,
          sha,
          new Date(this.now()).toISOString(),
        ],
      );
      return versionOf(rows[0] as Row);
    });
  }

  async list(name?: string): Promise<ModelVersion[]> {
    const rows = name
      ? await this.database.query(`SELECT ${columns} FROM ml_models WHERE name = $1 ORDER BY version`, [name])
      : await this.database.query(`SELECT ${columns} FROM ml_models ORDER BY name, version`);
    return rows.map(versionOf);
  }

  async get(name: string, version: number): Promise<ModelVersion | null> {
    const [row] = await this.database.query(
      `SELECT ${columns} FROM ml_models WHERE name = $1 AND version = $2`,
      [name, version],
    );
    return row ? versionOf(row) : null;
  }

  async production(name: string): Promise<ModelVersion | null> {
    const [row] = await this.database.query(
      `SELECT ${columns} FROM ml_models WHERE name = $1 AND status = 'production'`,
      [name],
    );
    return row ? versionOf(row) : null;
  }

  /** The artifact's bytes, checked against the digest stored with them. */
  async artifact(name: string, version: number): Promise<Uint8Array> {
    const [row] = await this.database.query(
      'SELECT artifact, artifact_sha256 FROM ml_models WHERE name = $1 AND version = $2',
      [name, version],
    );
    if (!row) throw new AtsError('NOT_FOUND', `model ${name} version ${version} does not exist`);
    const bytes = new Uint8Array(row.artifact as Uint8Array);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== (row.artifact_sha256 as string).trim()) {
      throw new AtsError(
        'INVARIANT_VIOLATED',
        `model ${name} version ${version}: artifact digest does not match (stored data is corrupt)`,
      );
    }
    return bytes;
  }

  /** Makes a version the production one (the previous production version goes back to candidate). */
  async promote(name: string, version: number, actor: string, reason: string): Promise<ModelPromotion> {
    return this.database.transaction(async (transaction) => {
      const target = await this.lockedVersion(transaction, name, version);
      if (target.status === 'production')
        throw new AtsError('CONFLICT', `model ${name} version ${version} is already in production`);
      const previous = await this.demoteProduction(transaction, name, 'candidate');
      await transaction.query("UPDATE ml_models SET status = 'production' WHERE name = $1 AND version = $2", [
        name,
        version,
      ]);
      return this.recordPromotion(transaction, {
        name,
        version,
        action: 'promote',
        previousVersion: previous,
        actor,
        reason,
      });
    });
  }

  /**
   * Puts back the version that was in production before the current one (by the promotion history)
   * and retires the current one.
   */
  async rollback(name: string, actor: string, reason: string): Promise<ModelPromotion> {
    return this.database.transaction(async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ml_models:${name}`]);
      const [current] = await transaction.query<{ version: number }>(
        "SELECT version FROM ml_models WHERE name = $1 AND status = 'production'",
        [name],
      );
      if (!current) throw new AtsError('CONFLICT', `model ${name} has no production version to roll back`);
      const [earlier] = await transaction.query<{ previous_version: number | null }>(
        `SELECT previous_version FROM ml_model_promotions WHERE name = $1 AND version = $2 AND action = 'promote' ORDER BY id DESC LIMIT 1`,
        [name, current.version],
      );
      const target = earlier?.previous_version ?? null;
      if (target === null)
        throw new AtsError(
          'CONFLICT',
          `model ${name} version ${current.version} replaced no earlier version: nothing to roll back to`,
        );
      await this.demoteProduction(transaction, name, 'retired');
      await transaction.query("UPDATE ml_models SET status = 'production' WHERE name = $1 AND version = $2", [
        name,
        target,
      ]);
      return this.recordPromotion(transaction, {
        name,
        version: target,
        action: 'rollback',
        previousVersion: current.version,
        actor,
        reason,
      });
    });
  }

  async promotions(name: string): Promise<ModelPromotion[]> {
    const rows = await this.database.query(
      'SELECT name, version, action, previous_version, actor, reason, happened_at FROM ml_model_promotions WHERE name = $1 ORDER BY id',
      [name],
    );
    return rows.map((row) => ({
      name: row.name as string,
      version: row.version as number,
      action: row.action as ModelPromotion['action'],
      previousVersion: (row.previous_version as number | null) ?? null,
      actor: row.actor as string,
      reason: row.reason as string,
      happenedAt: time(row.happened_at),
    }));
  }

  private async lockedVersion(transaction: Queryable, name: string, version: number): Promise<ModelVersion> {
    checkName(name);
    await transaction.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ml_models:${name}`]);
    const [row] = await transaction.query(
      `SELECT ${columns} FROM ml_models WHERE name = $1 AND version = $2`,
      [name, version],
    );
    if (!row) throw new AtsError('NOT_FOUND', `model ${name} version ${version} does not exist`);
    return versionOf(row);
  }

  private async demoteProduction(
    transaction: Queryable,
    name: string,
    status: ModelStatus,
  ): Promise<number | null> {
    const rows = await transaction.query<{ version: number }>(
      "UPDATE ml_models SET status = $2 WHERE name = $1 AND status = 'production' RETURNING version",
      [name, status],
    );
    return rows[0]?.version ?? null;
  }

  private async recordPromotion(
    transaction: Queryable,
    promotion: Omit<ModelPromotion, 'happenedAt'>,
  ): Promise<ModelPromotion> {
    const happenedAt = this.now();
    await transaction.query(
      `INSERT INTO ml_model_promotions (name, version, action, previous_version, actor, reason, happened_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        promotion.name,
        promotion.version,
        promotion.action,
        promotion.previousVersion,
        promotion.actor,
        promotion.reason,
        new Date(happenedAt).toISOString(),
      ],
    );
    return { ...promotion, happenedAt };
  }
}
