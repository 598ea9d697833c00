// The counterparty's refusals as events and sentences: OrderCancelReject and the reject-code tables.
import { describe, expect, it } from 'vitest';
import { cancelRejectEvent, readBusinessReject, readCancelReject } from './reject-messages.js';
import { businessRejectMessage, orderRejectMessage, sessionRejectMessage } from './reject-reasons.js';
import { TagValueMessage } from './testing/tag-value-message.js';

describe('OrderCancelReject', () => {
  it('answering a cancel request (434=1) is OrderCancelRejected with CxlRejReason in words', () => {
    const fields = readCancelReject(new TagValueMessage('35=9|37=O-1|11=ord-1.C1|41=ord-1|39=2|434=1|102=0'));
    expect(cancelRejectEvent(fields, 'cancel')).toEqual({
      type: 'OrderCancelRejected',
      reason: 'too late to cancel: the order has already traded or ended (CxlRejReason 102=0)',
    });
  });

  it('answering a cancel-replace (434=2) is OrderModifyRejected, even when our request is unknown', () => {
    const fields = readCancelReject(
      new TagValueMessage('35=9|37=O-1|11=x|41=ord-1|39=0|434=2|102=3|58=busy'),
    );
    expect(cancelRejectEvent(fields, null)).toEqual({
      type: 'OrderModifyRejected',
      reason: 'the order already has a cancel or a replace pending; venue says: busy (CxlRejReason 102=3)',
    });
  });
});

describe('reject reasons', () => {
  it('name unknown codes instead of inventing a meaning', () => {
    expect(orderRejectMessage('42', null)).toBe('reason code 42 (OrdRejReason 103=42)');
    expect(orderRejectMessage(null, null)).toBe('no reason given');
  });

  it('a BusinessMessageReject names the refused message’s sequence number and the reason', () => {
    const fields = readBusinessReject(
      new TagValueMessage('35=j|45=7|372=F|380=3|58=Unsupported Message Type'),
    );
    expect(fields).toMatchObject({ refSeqNum: 7, refMsgType: 'F', reasonCode: '3' });
    expect(businessRejectMessage(fields.reasonCode, fields.text)).toBe(
      'the counterparty does not support this message type; venue says: Unsupported Message Type (BusinessRejectReason 380=3)',
    );
  });

  it('a session Reject names the offending tag', () => {
    expect(sessionRejectMessage('5', 'Value is incorrect (out of range) for this tag', 40)).toBe(
      'the venue refused the message: a value is out of range for its tag; venue says: Value is incorrect (out of range) for this tag (SessionRejectReason 373=5), tag 40',
    );
  });
});
