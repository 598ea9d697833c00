// The audit operations of the command line on the configured store: verify the chain, search, export.
import { openDatabase } from '@ats/persistence';
import { auditSigningKeyOf } from '../composition/audit-service.js';
import type { AtsConfig } from '../config/config-schema.js';
import { databaseOptionsOf } from '../wiring/config-mapping.js';
import { type AuditChainReport, verifyAuditChain } from './audit-chain-verifier.js';
import type { AuditRecord } from './audit-record.js';
import { type AuditQuery, searchAuditLog } from './audit-search.js';
import { type ComplianceOrderRow, complianceOrders } from './compliance-export.js';

async function withStore<T>(
  config: AtsConfig,
  work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(databaseOptionsOf(config));
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export function verifyConfiguredAudit(config: AtsConfig): Promise<AuditChainReport> {
  const key = auditSigningKeyOf(config);
  return withStore(config, (database) => verifyAuditChain(database, key));
}

export function searchConfiguredAudit(config: AtsConfig, query: AuditQuery): Promise<AuditRecord[]> {
  return withStore(config, (database) => searchAuditLog(database, query));
}

export function exportConfiguredCompliance(
  config: AtsConfig,
  period: { readonly from: number; readonly to: number },
): Promise<ComplianceOrderRow[]> {
  return withStore(config, (database) => complianceOrders(database, period));
}
