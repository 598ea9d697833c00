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
  // A curve has many points per month (390 a day on minute bars): the month's key and bounds are worked
  // out when a point falls outside the current month, not for every point.
  let month = '';
  let monthStart = Number.POSITIVE_INFINITY;
  let nextMonthStart = Number.NEGATIVE_INFINITY;
  for (const point of equityCurve) {
    if (!(point.time >= monthStart && point.time < nextMonthStart)) {
      const date = new Date(point.time);
      month = date.toISOString().slice(0, 7);
      monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
      nextMonthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    }
    monthEnd.set(month, point.equity);
  }
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
