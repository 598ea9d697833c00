// The work of `ats chaos`: validates the options, runs the drill (packages/services/src/chaos) with
// this CLI as the services' command, prints the table; exit 1 when a fault did not recover.
import { InvalidInputError } from '@ats/core';
import { type ChaosFault, chaosFaults, chaosTable, runChaosDrill } from '@ats/services';

/** The options of `ats chaos`, as commander hands them over (text). */
export interface ChaosCommandOptions {
  readonly scale: string;
  readonly faults?: string;
  readonly target: string;
  readonly json?: boolean;
  readonly lines?: string;
}

function faultsOf(list: string | undefined): ChaosFault[] {
  if (list === undefined) return [...chaosFaults];
  const names = list.split(',').map((name) => name.trim());
  for (const name of names)
    if (!(chaosFaults as readonly string[]).includes(name))
      throw new InvalidInputError(
        'faults',
        `unknown fault '${name}'; use any of ${chaosFaults.join(', ')}`,
        name,
      );
  return names as ChaosFault[];
}

export async function chaos(options: ChaosCommandOptions): Promise<number> {
  const scale = Number(options.scale);
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 10))
    throw new InvalidInputError(
      'scale',
      `'${options.scale}' is not a number above 0 and at most 10`,
      options.scale,
    );
  const target = Number(options.target);
  if (!(Number.isFinite(target) && target > 0 && target <= 600))
    throw new InvalidInputError(
      'target',
      `'${options.target}' is not a number of seconds from 1 to 600`,
      options.target,
    );
  const faults = faultsOf(options.faults);
  const main = process.argv[1];
  if (!main) throw new Error('cannot tell where the ats command is');
  // Interrupted: the fault in progress ends, then the deployment (servers, mount, services) is removed.
  const interrupted = new AbortController();
  const stop = () => interrupted.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const report = await runChaosDrill({
    signal: interrupted.signal,
    command: [process.execPath, main],
    scale,
    faults,
    targetSeconds: target,
    onProgress: (line) => console.log(`[chaos] ${line}`),
    ...(options.lines ? { linesFile: options.lines } : {}),
  });
  console.log(chaosTable(report, target));
  if (options.json) console.log(JSON.stringify(report));
  return report.passed ? 0 : 1;
}
