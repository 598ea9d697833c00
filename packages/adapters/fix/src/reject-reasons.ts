// Turns the FIX 4.4 reject codes (OrdRejReason 103, CxlRejReason 102, BusinessRejectReason 380,
// SessionRejectReason 373) into sentences a trader can act on.

const orderRejectReasons: Readonly<Record<string, string>> = {
  '0': 'refused at the broker or exchange’s discretion',
  '1': 'the symbol is unknown to the venue',
  '2': 'the exchange is closed',
  '3': 'the order exceeds a limit set by the venue',
  '4': 'too late to enter the order',
  '5': 'the venue does not know this order',
  '6': 'duplicate order: the client order id was already used',
  '7': 'duplicate of an order communicated by phone',
  '8': 'stale order',
  '9': 'trade-along required',
  '10': 'invalid investor id',
  '11': 'the venue does not support an order characteristic (type, time in force or instruction)',
  '12': 'refused by surveillance',
  '13': 'incorrect quantity',
  '14': 'incorrect allocated quantity',
  '15': 'the account is unknown to the venue',
  '99': 'other reason',
};

const cancelRejectReasons: Readonly<Record<string, string>> = {
  '0': 'too late to cancel: the order has already traded or ended',
  '1': 'the venue does not know this order',
  '2': 'refused at the broker or exchange’s discretion',
  '3': 'the order already has a cancel or a replace pending',
  '4': 'the venue could not process the mass cancel',
  '5': 'the order was modified since (OrigOrdModTime does not match)',
  '6': 'duplicate client order id on the request',
  '99': 'other reason',
};

const businessRejectReasons: Readonly<Record<string, string>> = {
  '0': 'other reason',
  '1': 'unknown id',
  '2': 'unknown security',
  '3': 'the counterparty does not support this message type',
  '4': 'the counterparty’s application is not available',
  '5': 'a conditionally required field is missing',
  '6': 'not authorized',
  '7': 'the DeliverTo firm is not available',
};

const sessionRejectReasons: Readonly<Record<string, string>> = {
  '0': 'invalid tag number',
  '1': 'a required tag is missing',
  '2': 'a tag is not defined for this message type',
  '3': 'undefined tag',
  '4': 'a tag was sent without a value',
  '5': 'a value is out of range for its tag',
  '6': 'a value has the wrong data format',
  '7': 'decryption problem',
  '8': 'signature problem',
  '9': 'CompID problem',
  '10': 'SendingTime accuracy problem',
  '11': 'invalid MsgType',
  '12': 'XML validation error',
  '13': 'a tag appears more than once',
  '14': 'a tag is out of the required order',
  '15': 'repeating group fields are out of order',
  '16': 'incorrect NumInGroup count for a repeating group',
  '17': 'a value contains the field delimiter',
  '99': 'other reason',
};

function describe(
  table: Readonly<Record<string, string>>,
  tag: string,
  code: string | null,
  text: string | null,
): string {
  const meaning = code === null ? null : Object.hasOwn(table, code) ? table[code] : undefined;
  const parts: string[] = [];
  if (meaning !== undefined && meaning !== null) parts.push(meaning);
  else if (code !== null) parts.push(`reason code ${code}`);
  if (text !== null && text.length > 0) parts.push(`venue says: ${text}`);
  const sentence = parts.length > 0 ? parts.join('; ') : 'no reason given';
  return code === null ? sentence : `${sentence} (${tag}=${code})`;
}

/** The reason of an ExecutionReport with ExecType=8 (Rejected). */
export function orderRejectMessage(code: string | null, text: string | null): string {
  return describe(orderRejectReasons, 'OrdRejReason 103', code, text);
}

/** The reason of an OrderCancelReject (35=9). */
export function cancelRejectMessage(code: string | null, text: string | null): string {
  return describe(cancelRejectReasons, 'CxlRejReason 102', code, text);
}

/** The reason of a BusinessMessageReject (35=j). */
export function businessRejectMessage(code: string | null, text: string | null): string {
  return describe(businessRejectReasons, 'BusinessRejectReason 380', code, text);
}

/** The reason of a session-level Reject (35=3), naming the offending tag when the venue does. */
export function sessionRejectMessage(
  code: string | null,
  text: string | null,
  refTagId: number | null,
): string {
  const message = describe(sessionRejectReasons, 'SessionRejectReason 373', code, text);
  return refTagId === null
    ? `the venue refused the message: ${message}`
    : `the venue refused the message: ${message}, tag ${refTagId}`;
}
