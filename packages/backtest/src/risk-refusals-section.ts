// The backtest report's section on risk refusals: each pre-trade check refusal code and how often it
// refused an order (the same check chain as live trading).
import { type OutcomeCode, outcomeCatalogue } from '@ats/core';

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The HTML section; says so when nothing was refused. Results stored before the field existed have none. */
export function riskRefusalsSection(refusals: Readonly<Record<string, number>> | undefined): string {
  const entries = Object.entries(refusals ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0)
    return '<h2>Risk refusals</h2><p>No order was refused by the pre-trade checks.</p>';
  const rows = entries
    .map(([code, count]) => {
      const meaning = (outcomeCatalogue as Record<string, string>)[code as OutcomeCode] ?? '';
      return `<tr><th>${escapeText(code)}</th><td>${count}</td><td style="text-align:left">${escapeText(meaning)}</td></tr>`;
    })
    .join('');
  return `<h2>Risk refusals</h2><table><tr><th>code</th><th>orders</th><th style="text-align:left">meaning</th></tr>${rows}</table>`;
}
