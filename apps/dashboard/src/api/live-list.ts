// The most recent events of a topic (fills, alerts, signals), newest first, bounded: collected from the
// first time a view asks for the topic, so a feed keeps its events when the user changes page.
import { useEffect, useState } from 'preact/hooks';
import { type LiveEvent, liveStream } from './live-stream.js';

const capacity = 200;

interface Feed {
  events: LiveEvent[];
  readonly views: Set<() => void>;
}

const feeds = new Map<string, Feed>();

function feedOf(prefix: string): Feed {
  let feed = feeds.get(prefix);
  if (feed) return feed;
  const created: Feed = { events: [], views: new Set() };
  let pending: ReturnType<typeof setTimeout> | null = null;
  let arrived: LiveEvent[] = [];
  liveStream.on(prefix, (event) => {
    arrived.push(event);
    // One update per 200 ms whatever the event rate: a burst never blocks the page.
    if (pending === null)
      pending = setTimeout(() => {
        pending = null;
        created.events = [...arrived.reverse(), ...created.events].slice(0, capacity);
        arrived = [];
        for (const view of created.views) view();
      }, 200);
  });
  feeds.set(prefix, created);
  feed = created;
  return feed;
}

export function useLiveList(prefix: string, limit = 50): readonly LiveEvent[] {
  const feed = feedOf(prefix);
  const [, setVersion] = useState(0);
  useEffect(() => {
    const view = () => setVersion((version) => version + 1);
    feed.views.add(view);
    return () => {
      feed.views.delete(view);
    };
  }, [feed]);
  return feed.events.slice(0, limit);
}
