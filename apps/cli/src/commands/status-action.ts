// Asks the Monitoring service for a fresh round and prints it: exit 0 when up, 1 when degraded or down.
import { apiCall, defaultBaseUrl } from './api-client.js';

interface Status {
  status: 'up' | 'degraded' | 'down';
  checkedAt: number | null;
  services: Record<string, { status: string; detail?: Record<string, unknown> }>;
  checks: { id: string; item: string; passed: boolean; severity: string; detail: string }[];
  firing: { id: string; severity: string; detail: string }[];
}

export async function printStatus(options: { url?: string; json?: boolean }): Promise<number> {
  const base = options.url ?? `${defaultBaseUrl}/api/monitoring`;
  let status: Status;
  try {
    status = (await apiCall(base, '/status?refresh=true')) as Status;
  } catch (error) {
    console.error(`ats status: ${(error as Error).message}`);
    return 2;
  }
  if (options.json) console.log(JSON.stringify(status, null, 2));
  else {
    console.log(`platform: ${status.status.toUpperCase()}`);
    for (const [name, health] of Object.entries(status.services).sort(([left], [right]) =>
      left.localeCompare(right),
    ))
      console.log(`  ${name.padEnd(16)} ${health.status}`);
    const failed = status.checks.filter((check) => !check.passed);
    console.log(`checks: ${status.checks.length - failed.length} of ${status.checks.length} passed`);
    for (const check of failed) console.log(`  FAIL [${check.severity}] ${check.item}: ${check.detail}`);
  }
  return status.status === 'up' ? 0 : 1;
}
