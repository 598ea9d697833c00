// One FIX 4.4 initiator session on one TCP connection: jspurefix runs the session layer (logon,
// heartbeats, test requests, sequence checks, resend requests, gap fills); this class hands the
// application messages, session rejects and state changes to its listener.
import { AsciiSession, type IJsFixConfig, MsgTag, MsgType, type MsgView } from './fix-library.js';

/** A session-level Reject (35=3): the counterparty refused one of our messages as malformed. */
export interface SessionReject {
  readonly refSeqNum: number | null;
  readonly refMsgType: string | null;
  /** RefTagID (371): the field the counterparty objected to. */
  readonly refTagId: number | null;
  readonly reason: number | null;
  readonly text: string | null;
}

export interface FixSessionListener {
  onLoggedOn(): void;
  onApplicationMessage(msgType: string, view: MsgView): void;
  onSessionReject(reject: SessionReject): void;
  /** The session ended: a Logout, a dropped connection or a protocol error. */
  onStopped(error: Error | null): void;
  /** Every message as text, both ways (a FIX log). */
  onWire(direction: 'in' | 'out', text: string): void;
}

export class FixInitiatorSession extends AsciiSession {
  constructor(
    config: IJsFixConfig,
    private readonly listener: FixSessionListener,
  ) {
    super(config);
  }

  /** Sends an application message; resolves with the MsgSeqNum (34) it went out under. */
  sendApplication(msgType: string, body: object): Promise<number> {
    return new Promise((resolve, reject) => {
      this.send(msgType, body, (error, result) => {
        if (error) reject(error);
        else resolve(Number(result.header?.MsgSeqNum ?? 0));
      });
    });
  }

  /** Starts a Logout; the session stops once the counterparty confirms. */
  logout(): void {
    this.done();
  }

  /** Drops the session at once, as a broken network would (no Logout). */
  abort(reason: string): void {
    this.requestStop(reason);
  }

  /** Flushes and closes the sequence-number store this session opened. */
  async closeStore(): Promise<void> {
    await this.sessionStore.dispose();
  }

  protected override onSessionMsg(msgType: string, view: MsgView): void {
    if (msgType === MsgType.Reject) {
      const refSeqNum = view.getString(MsgTag.RefSeqNum);
      const reason = view.getString(MsgTag.SessionRejectReason);
      const refTagId = view.getString(MsgTag.RefTagID);
      this.listener.onSessionReject({
        refSeqNum: refSeqNum === null ? null : Number(refSeqNum),
        refMsgType: view.getString(MsgTag.RefMsgType),
        refTagId: refTagId === null ? null : Number(refTagId),
        reason: reason === null ? null : Number(reason),
        text: view.getString(MsgTag.Text),
      });
    }
    super.onSessionMsg(msgType, view);
  }

  protected onApplicationMsg(msgType: string, view: MsgView): void {
    this.listener.onApplicationMessage(msgType, view);
  }

  protected onReady(_view: MsgView): void {
    this.listener.onLoggedOn();
  }

  protected onStopped(error?: Error): void {
    this.listener.onStopped(error ?? null);
  }

  protected onLogon(_view: MsgView, _user: string, _password: string): boolean {
    // Only an acceptor judges credentials; an initiator accepts its counterparty's Logon answer.
    return true;
  }

  protected onDecoded(_msgType: string, text: string): void {
    this.listener.onWire('in', text);
  }

  protected onEncoded(_msgType: string, text: string): void {
    this.listener.onWire('out', text);
  }
}
