// Order ids derived from what caused the order, so a redelivered approval or request finds its order
// instead of placing a second one; the id is also the client order id every venue receives.
import { deriveUuid, type OrderId } from '@ats/core';

/** The order an approval becomes: one per (account, risk assessment). */
export function orderIdOfApproval(accountId: string, assessmentId: string): OrderId {
  return deriveUuid('order', accountId, assessmentId) as OrderId;
}
