// What a panel shows while its data loads or after it failed: never a blank page, never a blocked one.
import type { ComponentChildren } from 'preact';
import type { Resource } from '../api/use-resource.js';

export function LoadState<T>(props: { resource: Resource<T>; children: (data: T) => ComponentChildren }) {
  const { data, error, loading, reload } = props.resource;
  if (data !== undefined)
    return (
      <>
        {error && (
          <p class="error" role="alert">
            Refresh failed: {error}{' '}
            <button type="button" onClick={reload}>
              Retry
            </button>
          </p>
        )}
        {props.children(data)}
      </>
    );
  if (error)
    return (
      <p class="error" role="alert">
        {error}{' '}
        <button type="button" onClick={reload}>
          Retry
        </button>
      </p>
    );
  return (
    <p class="loading" aria-busy={loading ? 'true' : 'false'}>
      Loading…
    </p>
  );
}
