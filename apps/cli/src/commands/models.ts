// `ats models`: the model registry of a running ATS (list, show, compare, promotions, promote, rollback) and local training that registers a version.
import type { Command } from 'commander';
import type { TrainOptions } from './models-action.js';

const defaultUrl = process.env.ATS_STRATEGY_ENGINE_URL ?? 'http://127.0.0.1:8000/api/strategy-engine';

/** Registration only: the work (and @ats/ml) loads inside each action, so `ats` starts fast. */
export function registerModelsCommand(program: Command): void {
  const command = program
    .command('models')
    .description('machine-learning models: the registry of a running ATS, and training')
    .option('--url <url>', 'the strategy engine API', defaultUrl);
  const base = () => (command.opts() as { url: string }).url;
  const actions = () => import('./models-action.js');

  command
    .command('list')
    .description('model versions with their status and out-of-sample accuracy')
    .option('--name <name>', 'only this model')
    .action(async (options: { name?: string }) => (await actions()).listModels(base(), options.name));
  command
    .command('show')
    .description('one version: features, parameters, training window, metrics')
    .argument('<name>')
    .argument('<version>')
    .action(async (name: string, version: string) => (await actions()).showModel(base(), name, version));
  command
    .command('compare')
    .description("two versions' metrics side by side")
    .argument('<name>')
    .argument('<a>', 'a version')
    .argument('<b>', 'another version')
    .action(async (name: string, a: string, b: string) =>
      (await actions()).compareModels(base(), name, a, b),
    );
  command
    .command('promotions')
    .description('the promotion and rollback history of a model')
    .argument('<name>')
    .action(async (name: string) => (await actions()).listPromotions(base(), name));
  command
    .command('promote')
    .description('make a version the production one')
    .argument('<name>')
    .argument('<version>')
    .requiredOption('--reason <text>', 'why (kept in the history)')
    .action(async (name: string, version: string, options: { reason: string }) =>
      (await actions()).promoteModel(base(), name, version, options.reason),
    );
  command
    .command('rollback')
    .description('put back the version that was in production before the current one')
    .argument('<name>')
    .requiredOption('--reason <text>', 'why (kept in the history)')
    .action(async (name: string, options: { reason: string }) =>
      (await actions()).rollbackModel(base(), name, options.reason),
    );
  command
    .command('train')
    .description('train on bundled daily bars (walk-forward validated) and register the version')
    .requiredOption('--name <name>', 'the model name in the registry')
    .option('--symbol <symbol>', 'a symbol with bundled daily data', 'ORCL')
    .option('--kind <kind>', 'logistic-regression, random-forest, xgboost, mlp, lstm', 'random-forest')
    .option(
      '--param <name=value>',
      'a hyperparameter (repeatable)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--horizon <bars>', 'bars ahead the model predicts', '5')
    .option('--folds <n>', 'walk-forward test windows', '5')
    .option('--seed <n>', 'seed of every random choice', '1')
    .option('--dry-run', 'train and print the metrics without registering')
    .action(async (options: TrainOptions) => (await actions()).trainModel(base(), options));
}
