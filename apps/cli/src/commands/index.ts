// The list of `ats` commands; each file in this folder registers one.
import type { Command } from 'commander';
import { registerAuditCommand } from './audit.js';
import { registerBacktestCommand } from './backtest.js';
import { registerBackupCommands } from './backup.js';
import { registerCalendarCommand } from './calendar.js';
import { registerCredentialsCommand } from './credentials.js';
import { registerDataCommand } from './data.js';
import { registerJobsCommand } from './jobs.js';
import { registerOptimizeCommand } from './optimize.js';
import { registerSecurityCommands } from './security.js';
import { registerServiceCommand } from './service.js';
import { registerStartCommand } from './start.js';

export const commandRegistrations: readonly ((program: Command) => void)[] = [
  registerStartCommand,
  registerServiceCommand,
  registerCalendarCommand,
  registerJobsCommand,
  registerBacktestCommand,
  registerOptimizeCommand,
  registerBackupCommands,
  registerDataCommand,
  registerSecurityCommands,
  registerAuditCommand,
  registerCredentialsCommand,
];
