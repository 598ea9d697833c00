// Writes the provisioned dashboards (dashboards/*.json) from the panel lists below, so every dashboard
// shares one layout and one datasource. Run: node deploy/grafana/build-dashboards.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const datasource = { type: 'prometheus', uid: 'ats-prometheus' };

const dashboards = {
  'trading-overview': {
    title: 'ATS trading overview',
    panels: [
      ['Equity', 'ats_equity_dollars', 'currencyUSD'],
      ['Cash', 'ats_cash_dollars', 'currencyUSD'],
      ['Gross exposure', 'ats_gross_exposure_dollars', 'currencyUSD'],
      ['PnL by strategy', 'sum by (strategy, kind) (ats_strategy_pnl_dollars)', 'currencyUSD'],
      ['Orders per minute by type', 'sum by (type, side) (rate(ats_orders_total[5m])) * 60', 'short'],
      ['Fills per minute by symbol', 'sum by (symbol) (rate(ats_fills_total[5m])) * 60', 'short'],
      ['Signals per minute by strategy', 'sum by (strategy) (rate(ats_signals_total[5m])) * 60', 'short'],
    ],
  },
  'pipeline-latency': {
    title: 'ATS pipeline latency',
    panels: [
      [
        'Stage latency p99',
        'histogram_quantile(0.99, sum by (stage, le) (rate(ats_stage_latency_seconds_bucket[5m])))',
        's',
      ],
      [
        'Stage latency p50',
        'histogram_quantile(0.5, sum by (stage, le) (rate(ats_stage_latency_seconds_bucket[5m])))',
        's',
      ],
      [
        'API p95 by service',
        'histogram_quantile(0.95, sum by (service, le) (rate(ats_http_request_duration_seconds_bucket[5m])))',
        's',
      ],
      ['API requests per second by service', 'sum by (service) (rate(ats_http_requests_total[5m]))', 'reqps'],
      [
        'API 5xx share by service',
        // A service without any 5xx shows 0, not a gap: the errors' sum or zero times the total.
        '(sum by (service) (rate(ats_http_requests_total{status_class="5xx"}[5m])) or sum by (service) (rate(ats_http_requests_total[5m])) * 0) / sum by (service) (rate(ats_http_requests_total[5m]))',
        'percentunit',
      ],
      ['Stream pending entries', 'ats_stream_pending_entries', 'short'],
      ['Consumer lag', 'ats_stream_consumer_lag_entries', 'short'],
    ],
  },
  'data-quality': {
    title: 'ATS market data quality',
    panels: [
      ['Quality score', 'ats_market_data_quality_score', 'short'],
      ['Validity', 'ats_market_data_validity', 'percentunit'],
      ['Completeness', 'ats_market_data_completeness', 'percentunit'],
      ['Seconds since last message', 'ats_market_data_silent_seconds', 's'],
      ['Quotes accepted per second', 'sum by (symbol) (rate(ats_quotes_received_total[5m]))', 'short'],
      ['Quotes rejected by reason', 'sum by (reason) (rate(ats_quotes_rejected_total[5m]))', 'short'],
    ],
  },
  risk: {
    title: 'ATS risk',
    panels: [
      ['Day drawdown', 'ats_day_drawdown_ratio', 'percentunit'],
      ['Assessments by decision', 'sum by (decision) (rate(ats_risk_assessments_total[5m]))', 'short'],
      [
        'Rejections by reason',
        'sum by (reason) (increase(ats_risk_assessments_total{decision="rejected"}[1h]))',
        'short',
      ],
      ['Execution alerts', 'sum by (code) (increase(ats_execution_alerts_total[1h]))', 'short'],
      [
        'Notifications delivered by channel',
        'sum by (channel, status) (increase(ats_notification_deliveries_total[1h]))',
        'short',
      ],
    ],
  },
  infrastructure: {
    title: 'ATS infrastructure',
    panels: [
      ['Services up', 'up{job="ats"}', 'short'],
      ['Resident memory by service', 'ats_process_resident_memory_bytes', 'bytes'],
      ['CPU seconds per second by service', 'rate(ats_process_cpu_seconds_total[5m])', 'short'],
      ['Event loop lag p99', 'ats_nodejs_eventloop_lag_p99_seconds', 's'],
      ['Job runs by outcome', 'sum by (job, status) (increase(ats_job_runs_total[1d]))', 'short'],
      [
        'Hours since last backup',
        '(time() - ats_job_last_success_timestamp_seconds{job="daily-backup"}) / 3600',
        'h',
      ],
      [
        'Disk free',
        'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"}',
        'percentunit',
      ],
    ],
  },
};

for (const [uid, dashboard] of Object.entries(dashboards)) {
  const panels = dashboard.panels.map(([title, expr, unit], index) => ({
    id: index + 1,
    type: 'timeseries',
    title,
    datasource,
    gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    options: { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: [{ refId: 'A', datasource, expr, range: true }],
  }));
  const json = {
    uid: `ats-${uid}`,
    title: dashboard.title,
    tags: ['ats'],
    timezone: 'utc',
    schemaVersion: 39,
    version: 1,
    editable: false,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    templating: { list: [] },
    annotations: { list: [] },
    panels,
  };
  writeFileSync(join(folder, `${uid}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
