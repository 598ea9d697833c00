// The standalone report: the dashboard's charts (dates on the axes, log-scale equity, trades on the price,
// hover read-out script), formatted metrics and the trade list, from a real ORCL run.
import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { formatMetric, renderHtmlReport } from './html-report.js';
import { orclBars, orclSmaCrossConfig } from './orcl-sma-cross.test-support.js';

const bars = orclBars().filter((bar) => bar.time >= Date.UTC(2012, 0, 1));

describe('the HTML report', () => {
  const result = runBacktest(orclSmaCrossConfig({ bars }));
  const html = renderHtmlReport(result, {
    title: 'ORCL',
    startingCash: 100_000,
    prices: bars.map((bar) => bar.close.toNumber()),
  });

  it('draws equity on a log scale with dates on its time axis and values to hover', () => {
    expect(html).toContain('aria-label="Equity against buy and hold (log scale)"');
    expect(html).toMatch(/>Jan 1[34]</);
    expect(html).toMatch(/data-hover="[^"]*2013-0[0-9]-[0-9]{2}/);
    expect(html).toContain('<script>(function attachChartHover(root)');
  });

  it('marks every fill on the price chart and lists it in the trade list', () => {
    expect(result.fills.length).toBeGreaterThan(4);
    expect(html.match(/<path d="M[^"]*" fill="#(12b76a|f04438)"><title>(BUY|SELL) /g)).toHaveLength(
      result.fills.length,
    );
    expect(html.match(/<tr><td>20[0-9]{2}-[0-9]{2}-[0-9]{2}<\/td><td>ORCL<\/td>/g)).toHaveLength(
      result.fills.length,
    );
  });

  it('formats metrics as percentages, money and numbers', () => {
    expect(formatMetric('totalReturn', 0.1234)).toBe('12.34%');
    expect(formatMetric('commissions', 1234.5)).toBe('$1,234.50');
    expect(formatMetric('sharpe', 1.2345)).toBe('1.23');
    expect(formatMetric('trades', 12)).toBe('12');
    expect(html).toMatch(/<th>maxDrawdown<\/th><td>-?[0-9.]+%<\/td>/);
    expect(html).toMatch(/Final equity \$[0-9,]+\.[0-9]{2} from \$100,000\.00/);
  });
});
