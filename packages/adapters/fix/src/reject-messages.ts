// Reads the counterparty's refusals of our requests: OrderCancelReject (35=9) and BusinessMessageReject
// (35=j), and turns an OrderCancelReject into OrderCancelRejected or OrderModifyRejected.

import type { OrderEventBody } from './execution-report-mapping.js';
import { MsgTag } from './fix-library.js';
import type { TaggedFields } from './fix-values.js';
import { cancelRejectMessage } from './reject-reasons.js';

export interface CancelRejectFields {
  readonly clOrdId: string | null;
  readonly origClOrdId: string | null;
  /** CxlRejResponseTo (434): 1 answers an OrderCancelRequest, 2 an OrderCancelReplaceRequest. */
  readonly responseTo: string | null;
  readonly reasonCode: string | null;
  readonly text: string | null;
}

export function readCancelReject(message: TaggedFields): CancelRejectFields {
  return {
    clOrdId: message.getString(MsgTag.ClOrdID),
    origClOrdId: message.getString(MsgTag.OrigClOrdID),
    responseTo: message.getString(MsgTag.CxlRejResponseTo),
    reasonCode: message.getString(MsgTag.CxlRejReason),
    text: message.getString(MsgTag.Text),
  };
}

/** The event of a refused cancel or replace; `purpose` is what our request was, when we know it. */
export function cancelRejectEvent(
  fields: CancelRejectFields,
  purpose: 'cancel' | 'replace' | null,
): OrderEventBody {
  const reason = cancelRejectMessage(fields.reasonCode, fields.text);
  const replace = purpose === null ? fields.responseTo === '2' : purpose === 'replace';
  return replace ? { type: 'OrderModifyRejected', reason } : { type: 'OrderCancelRejected', reason };
}

export interface BusinessRejectFields {
  readonly refSeqNum: number | null;
  readonly refMsgType: string | null;
  /** BusinessRejectRefID (379): the ClOrdID or request id of the refused message, when given. */
  readonly refId: string | null;
  readonly reasonCode: string | null;
  readonly text: string | null;
}

export function readBusinessReject(message: TaggedFields): BusinessRejectFields {
  const refSeqNum = message.getString(MsgTag.RefSeqNum);
  return {
    refSeqNum: refSeqNum === null ? null : Number(refSeqNum),
    refMsgType: message.getString(MsgTag.RefMsgType),
    refId: message.getString(MsgTag.BusinessRejectRefID),
    reasonCode: message.getString(MsgTag.BusinessRejectReason),
    text: message.getString(MsgTag.Text),
  };
}
