// Loads an API resource for a view: loading and error states, a reload, optional polling, and reloads
// when a live topic says the resource changed (throttled, so a burst of events is one request).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api-client.js';
import { liveStream } from './live-stream.js';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
  reload(): void;
}

export interface ResourceOptions {
  /** Milliseconds between reloads; absent: no polling. */
  readonly every?: number;
  /** Live topic prefixes whose events make the resource stale. */
  readonly reloadOn?: readonly string[];
}

export function useResource<T>(path: string | null, options: ResourceOptions = {}): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  // One request at a time: a reload asked for while one is in flight runs once it ends, so a slow
  // endpoint under frequent reloads still shows its answers instead of discarding each for the next.
  const flight = useRef({ path, busy: false, again: false });
  const load = useCallback(() => {
    if (path === null) return;
    const current = flight.current;
    if (current.path !== path) {
      flight.current = { path, busy: false, again: false };
    }
    const mine = flight.current;
    if (mine.busy) {
      mine.again = true;
      return;
    }
    mine.busy = true;
    api<T>(path)
      .then((value) => {
        if (mine !== flight.current) return;
        setData(value);
        setError(undefined);
      })
      .catch((failure: Error) => {
        if (mine === flight.current) setError(failure.message);
      })
      .finally(() => {
        mine.busy = false;
        if (mine !== flight.current) return;
        setLoading(false);
        if (mine.again) {
          mine.again = false;
          load();
        }
      });
  }, [path]);

  // Another path is another resource: what the old one answered is not shown as the new one's answer.
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    setData(undefined);
    setError(undefined);
    setLoading(path !== null);
  }, [path]);

  useEffect(() => {
    load();
    const timers: ReturnType<typeof setInterval>[] = [];
    if (options.every) timers.push(setInterval(load, options.every));
    let pending: ReturnType<typeof setTimeout> | null = null;
    const unsubscribes = (options.reloadOn ?? []).map((prefix) =>
      liveStream.on(prefix, () => {
        if (pending === null)
          pending = setTimeout(() => {
            pending = null;
            load();
          }, 300);
      }),
    );
    return () => {
      for (const timer of timers) clearInterval(timer);
      if (pending !== null) clearTimeout(pending);
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [load, options.every, (options.reloadOn ?? []).join(',')]);

  return { data, error, loading, reload: load };
}
