// The database port of this package: parameterized queries, transactions and bulk copy, on PGlite or PostgreSQL.

export type Row = Record<string, unknown>;

/** What a statement or a transaction may use. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, parameters?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Which store this is (folder, or database and schema), safe in a file name; names its backups. */
  readonly identity: string;
  /** Runs several statements separated by semicolons (migrations). */
  execute(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (transaction: Queryable) => Promise<T>): Promise<T>;
  /**
   * Bulk-loads rows into a table: COPY FROM STDIN on PostgreSQL, multi-row INSERT on PGlite.
   * Values are text in the COPY text format's sense (null for NULL).
   */
  copyRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly (string | null)[])[],
  ): Promise<void>;
  /**
   * Bulk-loads rows already written in COPY's text format (tab between values, `\N` for NULL, a newline
   * after each row): COPY FROM STDIN on PostgreSQL, COPY from a blob on PGlite. High-rate writers build
   * this text directly rather than arrays of values (see copy/copy-text.ts).
   */
  copyText(table: string, columns: readonly string[], text: string | Uint8Array): Promise<void>;
  /**
   * Writes a consistent backup to `path`: pg_dump's custom format on PostgreSQL, a gzipped tarball of
   * the data directory on PGlite. Returns the file written.
   */
  backup(path: string): Promise<string>;
  close(): Promise<void>;
}
