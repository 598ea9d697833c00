// The shell: login gate, navigation, the live stream's status, the time-zone switch, and the current page
// (each page is its own chunk, loaded when first opened).
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, whenSessionEnds } from './api/api-client.js';
import { type LiveStatus, liveStream } from './api/live-stream.js';
import { logOut, type Principal, storedTokens } from './api/session.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { exchangeTimeZone, userTimeZone } from './components/formats.js';
import { setZone, signal } from './components/time-zone-signal.js';
import { LoginPage } from './pages/login-page.js';

export interface PageProps {
  readonly principal: Principal;
}

const pages: Record<string, { title: string; load: () => Promise<FunctionComponent<PageProps>> }> = {
  overview: { title: 'Overview', load: async () => (await import('./pages/overview-page.js')).OverviewPage },
  trading: {
    title: 'Positions and orders',
    load: async () => (await import('./pages/trading-page.js')).TradingPage,
  },
  strategies: {
    title: 'Strategies',
    load: async () => (await import('./pages/strategies-page.js')).StrategiesPage,
  },
  market: {
    title: 'Market data',
    load: async () => (await import('./pages/market-data-page.js')).MarketDataPage,
  },
  risk: { title: 'Risk', load: async () => (await import('./pages/risk-page.js')).RiskPage },
  backtests: {
    title: 'Backtests',
    load: async () => (await import('./pages/backtests-page.js')).BacktestsPage,
  },
  scheduler: {
    title: 'Scheduler',
    load: async () => (await import('./pages/scheduler-page.js')).SchedulerPage,
  },
  system: { title: 'System', load: async () => (await import('./pages/system-page.js')).SystemPage },
};

function currentRoute(): string {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return name in pages ? name : 'overview';
}

function LiveIndicator() {
  const [status, setStatus] = useState<LiveStatus>({ ...liveStream.status });
  useEffect(() => {
    const update = () => setStatus({ ...liveStream.status });
    const unsubscribe = liveStream.onStatus(update);
    const timer = setInterval(update, 1_000);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, []);
  return (
    <span
      class={`live ${status.connected ? 'on' : 'off'}`}
      data-testid="live-status"
      data-connections={status.connections}
      data-expiries={status.expiries}
      title="live stream"
    >
      {status.connected ? '● live' : '○ reconnecting'} · {status.received.toLocaleString()} events
      {status.dropped + status.coalesced > 0 && (
        <span title="events the server dropped or merged because this page read too slowly">
          {' '}
          · {status.dropped.toLocaleString()} dropped, {status.coalesced.toLocaleString()} merged
        </span>
      )}
    </span>
  );
}

export function App() {
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [checking, setChecking] = useState(storedTokens() !== null);
  const [route, setRoute] = useState(currentRoute());
  const [page, setPage] = useState<{ name: string; component: FunctionComponent<PageProps> } | null>(null);
  const [pageError, setPageError] = useState<string | null>(null);
  const [, setZoneVersion] = useState(0);

  const signedIn = async () => {
    try {
      setPrincipal(await api<Principal>('security/me'));
      liveStream.start();
    } catch {
      setPrincipal(null);
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    whenSessionEnds(() => {
      liveStream.stop();
      setPrincipal(null);
    });
    if (storedTokens()) void signedIn();
    const onHash = () => setRoute(currentRoute());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!principal) return;
    const entry = pages[route];
    if (!entry) return;
    document.title = `${entry.title} · ATS`;
    setPageError(null);
    // Only the current route's page is shown: when the route changes while an earlier page's module
    // still loads (logging in on one page, then going straight to another), the earlier page's module
    // may arrive last and must not replace the current one (the current route would then wait on
    // "Loading…" for good).
    let current = true;
    entry
      .load()
      .then((component) => {
        if (current) setPage({ name: route, component });
      })
      .catch((error: Error) => {
        if (current) setPageError(`This page failed to load: ${error.message}`);
      });
    return () => {
      current = false;
    };
  }, [route, principal]);

  if (checking) return <p class="loading">Loading…</p>;
  if (!principal) return <LoginPage onLoggedIn={signedIn} />;
  const Page = page?.name === route ? page.component : null;
  return (
    <div class="shell">
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <strong>ATS</strong>
        <LiveIndicator />
        <button
          type="button"
          class="zone"
          data-testid="time-zone"
          title={`Times in ${signal.zone === 'exchange' ? exchangeTimeZone : userTimeZone}; switch`}
          onClick={() => {
            setZone(signal.zone === 'exchange' ? 'user' : 'exchange');
            setZoneVersion((version) => version + 1);
          }}
        >
          Times: {signal.zone === 'exchange' ? `exchange (${exchangeTimeZone})` : `mine (${userTimeZone})`}
        </button>
        <span class="user" data-testid="user">
          {sessionStorage.getItem('ats.username') ?? principal.id} ({principal.role})
        </span>
        <button
          type="button"
          onClick={async () => {
            liveStream.stop();
            await logOut();
            setPrincipal(null);
          }}
        >
          Log out
        </button>
      </header>
      <nav aria-label="Pages">
        {Object.entries(pages).map(([name, entry]) => (
          <a key={name} href={`#/${name}`} aria-current={name === route ? 'page' : undefined}>
            {entry.title}
          </a>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <h1>{pages[route]?.title}</h1>
        {pageError ? (
          <p class="error" role="alert">
            {pageError}
          </p>
        ) : Page ? (
          <ErrorBoundary name={route}>
            <Page principal={principal} />
          </ErrorBoundary>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </main>
    </div>
  );
}
