// Chains a step after a value that may or may not be a promise, staying synchronous when it is not:
// a backtest's journal and venue answer at once, and must stay one synchronous pass.

export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<T>).then === 'function';
}

/** Runs `next` with the value now if it is ready, else when it resolves; `failed` receives an error. */
export function afterValue<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
  failed: (error: unknown) => MaybePromise<R>,
): MaybePromise<R> {
  if (isPromise(value)) return value.then(next, failed);
  return next(value);
}

/** Calls `step`, turning a synchronous throw into the `failed` path like a rejected promise. */
export function attempt<T, R>(
  step: () => MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
  failed: (error: unknown) => MaybePromise<R>,
): MaybePromise<R> {
  let value: MaybePromise<T>;
  try {
    value = step();
  } catch (error) {
    return failed(error);
  }
  return afterValue(value, next, failed);
}
