// Commission models: per share with a minimum, basis points of notional, or fixed per order.
import { Money, type Price, type Quantity } from '@ats/core';

export type CommissionModel =
  | {
      readonly kind: 'per-share';
      readonly perShare: Money;
      readonly minimum: Money;
      readonly maximumBasisPoints?: number;
    }
  | { readonly kind: 'basis-points'; readonly basisPoints: number; readonly minimum?: Money }
  | { readonly kind: 'fixed'; readonly perOrder: Money };

/**
 * The commission of one fill. A per-order minimum or fixed fee is charged on the order's first fill
 * only (`firstFillOfOrder`), so splitting an order into partial fills does not multiply it.
 */
export function commissionFor(
  model: CommissionModel,
  quantity: Quantity,
  price: Price,
  firstFillOfOrder: boolean,
): Money {
  const notional = Money.notional(price, quantity);
  switch (model.kind) {
    case 'per-share': {
      let fee = Money.fromRaw(model.perShare.raw * quantity.value);
      if (firstFillOfOrder && fee.compare(model.minimum) < 0) fee = model.minimum;
      if (model.maximumBasisPoints !== undefined) {
        const cap = notional.basisPoints(model.maximumBasisPoints);
        if (fee.compare(cap) > 0) fee = cap;
      }
      return fee;
    }
    case 'basis-points': {
      const fee = notional.basisPoints(model.basisPoints);
      if (firstFillOfOrder && model.minimum && fee.compare(model.minimum) < 0) return model.minimum;
      return fee;
    }
    case 'fixed':
      return firstFillOfOrder ? model.perOrder : Money.zero;
  }
}
