// The backtest report's section on the risk monitor: how often each alarm rose to warning or critical,
// and every action a critical alarm took (halt, reduce, flatten) with the orders it canceled and placed.
import type { BacktestMonitorReport } from './backtest-monitor.js';

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The HTML section; empty when the run had no monitor. */
export function riskMonitorSection(report: BacktestMonitorReport | undefined): string {
  if (!report) return '';
  const counts = Object.entries(report.alertCounts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const alerts =
    counts.length === 0
      ? '<p>No alarm rose to warning or critical.</p>'
      : `<table><tr><th>alarm</th><th>raised</th></tr>${counts
          .map(([code, count]) => `<tr><th>${escapeText(code)}</th><td>${count}</td></tr>`)
          .join('')}</table>`;
  const actions =
    report.actions.length === 0
      ? '<p>No automatic action was taken.</p>'
      : `<table><tr><th>time</th><th>action</th><th>canceled</th><th>orders</th><th style="text-align:left">reason</th></tr>${report.actions
          .map(
            (action) =>
              `<tr><td>${escapeText(action.time)}</td><th>${action.action}</th><td>${action.canceled}</td><td>${action.orders}</td><td style="text-align:left">${escapeText(action.reason)}</td></tr>`,
          )
          .join('')}</table>`;
  return `<h2>Risk monitor</h2>${alerts}${actions}`;
}
