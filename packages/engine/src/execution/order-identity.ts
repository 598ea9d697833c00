// Order ids derived from what caused the order, so a redelivered approval or request finds its order
// instead of placing a second one; the id is also the client order id every venue receives.
import { type OrderId, UuidDeriver } from '@ats/core';

/** The deriver of the account asked last (an engine asks for its own account every time). */
let lastAccountId: string | null = null;
let lastDeriver: UuidDeriver | null = null;

/** The order an approval becomes: one per (account, risk assessment); deriveUuid('order', account, assessment). */
export function orderIdOfApproval(accountId: string, assessmentId: string): OrderId {
  if (lastDeriver === null || accountId !== lastAccountId) {
    lastDeriver = new UuidDeriver('order', accountId);
    lastAccountId = accountId;
  }
  return lastDeriver.derive(assessmentId) as OrderId;
}
