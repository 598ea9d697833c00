// The list of `ats` commands; each file in this folder registers one.
import type { Command } from 'commander';
import { registerAuditCommand } from './audit.js';
import { registerBacktestCommand } from './backtest.js';
import { registerBacktestWorkerCommand } from './backtest-worker.js';
import { registerBackupCommands } from './backup.js';
import { registerCalendarCommand } from './calendar.js';
import { registerChaosCommand } from './chaos.js';
import { registerContinuityCommand } from './continuity.js';
import { registerCredentialsCommand } from './credentials.js';
import { registerDataCommand } from './data.js';
import { registerDisasterRecoveryCommand } from './dr.js';
import { registerJobsCommand } from './jobs.js';
import { registerLogsCommand } from './logs.js';
import { registerModelsCommand } from './models.js';
import { registerNewCommand } from './new.js';
import { registerOptimizeCommand } from './optimize.js';
import { registerSecurityCommands } from './security.js';
import { registerServiceCommand } from './service.js';
import { registerStartCommand } from './start.js';
import { registerStatusCommand } from './status.js';
import { registerStrategiesCommand } from './strategies.js';
import { registerTcaCommand } from './tca.js';

export const commandRegistrations: readonly ((program: Command) => void)[] = [
  registerStartCommand,
  registerServiceCommand,
  registerCalendarCommand,
  registerJobsCommand,
  registerBacktestCommand,
  registerOptimizeCommand,
  registerBacktestWorkerCommand,
  registerBackupCommands,
  registerDataCommand,
  registerSecurityCommands,
  registerAuditCommand,
  registerCredentialsCommand,
  registerDisasterRecoveryCommand,
  registerContinuityCommand,
  registerChaosCommand,
  registerModelsCommand,
  registerStatusCommand,
  registerLogsCommand,
  registerTcaCommand,
  registerStrategiesCommand,
  registerNewCommand,
];
