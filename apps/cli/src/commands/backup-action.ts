// The work of `ats backup` and `ats restore`, loaded only when one of them runs.
import { backUpConfiguredStore, loadConfig, restoreConfiguredStore } from '@ats/services';
import { exitOnConfigError } from './process-signals.js';

export async function backUp(options: { to?: string; retention?: number; env?: string }): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
  const outcome = await backUpConfiguredStore(config, {
    ...(options.to ? { folder: options.to } : {}),
    ...(options.retention !== undefined ? { retention: options.retention } : {}),
  });
  console.log(`backup written: ${outcome.file}`);
  if (outcome.removed.length > 0) console.log(`removed ${outcome.removed.length} older backup(s)`);
}

export async function restore(file: string, options: { into?: string; env?: string }): Promise<void> {
  const config = exitOnConfigError(() => loadConfig(options.env ? { environment: options.env } : {}));
  const target = await restoreConfiguredStore(config, file, options.into);
  console.log(`restored ${file} into ${target}`);
}
