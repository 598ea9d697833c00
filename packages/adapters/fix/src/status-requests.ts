// Status requests waiting for the counterparty's answer (OrderStatusRequest, OrderMassStatusRequest):
// each ends with its last answer, a refusal, or a timeout, and reconciliation then reads the journal.

/** How a status request ended; `unknown` when the venue said it does not know the order. */
export interface StatusAnswer {
  unknown: boolean;
}

interface Pending {
  readonly answer: StatusAnswer;
  readonly finish: () => void;
}

export class StatusRequests {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly timeoutMs: number) {}

  /** Starts waiting for the answers to request `requestId`; call before sending it. */
  expect(requestId: string): Promise<StatusAnswer> {
    return new Promise((resolve) => {
      const answer: StatusAnswer = { unknown: false };
      const timer = setTimeout(() => this.finish(requestId), this.timeoutMs);
      this.pending.set(requestId, {
        answer,
        finish: () => {
          clearTimeout(timer);
          resolve(answer);
        },
      });
    });
  }

  markUnknown(requestId: string): void {
    const pending = this.pending.get(requestId);
    if (pending !== undefined) pending.answer.unknown = true;
  }

  /** Ends the wait: the last answer came, the request was refused, or it could not be sent. */
  finish(requestId: string): void {
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    pending?.finish();
  }
}
