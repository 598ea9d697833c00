// The fields of an ExecutionReport (35=8) the adapter uses, kept as the text that came on the wire so
// prices and quantities are parsed exactly (jspurefix would hand them over as floats).
import { MsgTag } from './fix-library.js';
import { parseUtcTimestamp, type TaggedFields } from './fix-values.js';

export interface ExecutionReportFields {
  /** OrderID (37): the venue's id of the order. */
  readonly orderId: string;
  /** ClOrdID (11): our order id, or the id of our cancel or replace request. */
  readonly clOrdId: string | null;
  /** OrigClOrdID (41): the client order id a cancel or replace referred to. */
  readonly origClOrdId: string | null;
  /** ExecID (17): unique per venue; fills are stored once per (venue, ExecID). */
  readonly execId: string;
  /** ExecType (150): what this report is about. */
  readonly execType: string;
  /** OrdStatus (39): the order's status after it. */
  readonly ordStatus: string;
  readonly symbol: string | null;
  readonly side: string | null;
  readonly ordType: string | null;
  readonly timeInForce: string | null;
  readonly orderQty: string | null;
  readonly price: string | null;
  readonly stopPx: string | null;
  readonly lastQty: string | null;
  readonly lastPx: string | null;
  readonly leavesQty: string | null;
  readonly cumQty: string | null;
  readonly avgPx: string | null;
  /** OrdRejReason (103). */
  readonly ordRejReason: string | null;
  readonly text: string | null;
  /** TransactTime (60) as epoch milliseconds, when present. */
  readonly transactTime: number | null;
  /** Commission (12) and CommType (13: 1 per unit, 2 percent, 3 absolute). */
  readonly commission: string | null;
  readonly commType: string | null;
  /** LastLiquidityInd (851): 1 added liquidity, 2 removed liquidity. */
  readonly lastLiquidityInd: string | null;
  /** OrdStatusReqID (790) / MassStatusReqID (584): set when the report answers our status request. */
  readonly ordStatusReqId: string | null;
  readonly massStatusReqId: string | null;
  /** LastRptRequested (912): Y on the last report of a mass status answer. */
  readonly lastReportRequested: boolean;
  /** PossDupFlag (43): the counterparty resent this message. */
  readonly possibleDuplicate: boolean;
}

/** Reads an ExecutionReport from a parsed message (a jspurefix MsgView or any tag lookup). */
export function readExecutionReport(message: TaggedFields): ExecutionReportFields {
  const text = (tag: number) => message.getString(tag);
  const transactTime = parseUtcTimestamp(text(MsgTag.TransactTime));
  return {
    orderId: text(MsgTag.OrderID) ?? '',
    clOrdId: text(MsgTag.ClOrdID),
    origClOrdId: text(MsgTag.OrigClOrdID),
    execId: text(MsgTag.ExecID) ?? '',
    execType: text(MsgTag.ExecType) ?? '',
    ordStatus: text(MsgTag.OrdStatus) ?? '',
    symbol: text(MsgTag.Symbol),
    side: text(MsgTag.Side),
    ordType: text(MsgTag.OrdType),
    timeInForce: text(MsgTag.TimeInForce),
    orderQty: text(MsgTag.OrderQty),
    price: text(MsgTag.Price),
    stopPx: text(MsgTag.StopPx),
    lastQty: text(MsgTag.LastQty),
    lastPx: text(MsgTag.LastPx),
    leavesQty: text(MsgTag.LeavesQty),
    cumQty: text(MsgTag.CumQty),
    avgPx: text(MsgTag.AvgPx),
    ordRejReason: text(MsgTag.OrdRejReason),
    text: text(MsgTag.Text),
    transactTime,
    commission: text(MsgTag.Commission),
    commType: text(MsgTag.CommType),
    lastLiquidityInd: text(MsgTag.LastLiquidityInd),
    ordStatusReqId: text(MsgTag.OrdStatusReqID),
    massStatusReqId: text(MsgTag.MassStatusReqID),
    lastReportRequested: text(MsgTag.LastRptRequested) === 'Y',
    possibleDuplicate: text(MsgTag.PossDupFlag) === 'Y',
  };
}
