// A worker thread that evaluates parameter sets sent by the optimizer, one message at a time.
import { parentPort } from 'node:worker_threads';
import { type EvaluationTask, evaluateParameters } from './evaluate-parameters.js';

parentPort?.on('message', (message: { id: number; task: EvaluationTask }) => {
  evaluateParameters(message.task).then(
    (evaluation) => parentPort?.postMessage({ id: message.id, evaluation }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: (error as Error).message }),
  );
});
