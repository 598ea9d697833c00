// The FIX 4.4 broker adapter: an initiator session (jspurefix) behind the ExecutionClient port.
export { ExecutionJournal } from './execution-journal.js';
export { type ExecutionReportFields, readExecutionReport } from './execution-report-fields.js';
export {
  executionReportEvents,
  type OrderEventBody,
  type ReportedOrder,
} from './execution-report-mapping.js';
export { FileSequenceStore, FileSequenceStoreFactory } from './file-sequence-store.js';
export { FixExecutionClient, type FixExecutionClientOptions } from './fix-execution-client.js';
export {
  readStoredSequenceNumbers,
  type StoredSequenceNumbers,
  writeStoredSequenceNumbers,
} from './fix-sequence-numbers.js';
export { type FixSettings, type FixSettingsInput, fixSettings } from './fix-settings.js';
