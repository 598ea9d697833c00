// Sector exposure: the gross value of the sector's positions after the order, as a fraction of equity,
// is at most max_sector_exposure.
import {
  type CheckContext,
  type OrderCandidate,
  type PreTradeCheck,
  rawToCurrency,
  refusal,
} from './pre-trade-check.js';

export const sectorExposureCheck: PreTradeCheck = {
  name: 'sector-exposure',
  check(order: OrderCandidate, context: CheckContext) {
    if (order.reducing) return null;
    const sector = order.instrument.sector;
    const value =
      context.exposure.sectorGross(sector, order.instrumentIndex) +
      Math.abs(order.positionAfter) * order.price;
    const equity = rawToCurrency(context.equityRaw);
    const limit = context.limits.maxSectorExposure;
    if (value <= limit * equity + 1e-6) return null;
    return refusal(
      'sector-exposure',
      'RISK_MAX_SECTOR_EXPOSURE',
      limit,
      equity > 0 ? value / equity : Number.POSITIVE_INFINITY,
      `(${sector} ${value.toFixed(2)} of equity ${equity.toFixed(2)})`,
    );
  },
};
