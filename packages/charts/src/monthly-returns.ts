// Monthly returns from an equity curve (rows: years, columns: months), for the dashboard's result page
// and the standalone backtest report alike.

export const monthNames = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * Each year with its twelve monthly returns (null for a month without a point): a month's return is
 * its last equity over the month before's last (the starting cash for the first month), less one.
 * Months are UTC calendar months.
 */
export function monthlyReturns(
  equityCurve: readonly { readonly time: number; readonly equity: number }[],
  startingCash: number,
): [year: string, returns: (number | null)[]][] {
  const monthEnd = new Map<string, number>();
  for (const point of equityCurve) monthEnd.set(new Date(point.time).toISOString().slice(0, 7), point.equity);
  const years = new Map<string, (number | null)[]>();
  let previous = startingCash;
  for (const [month, equity] of monthEnd) {
    const [year, monthNumber] = month.split('-') as [string, string];
    const row = years.get(year) ?? Array.from({ length: 12 }, () => null);
    row[Number(monthNumber) - 1] = equity / previous - 1;
    years.set(year, row);
    previous = equity;
  }
  return [...years];
}
