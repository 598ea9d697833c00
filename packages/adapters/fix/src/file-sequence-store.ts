// The session's sequence numbers on disk, written synchronously and atomically (temporary file, then
// rename) on every change, so they survive a crash in order. jspurefix's own file store writes them
// asynchronously, and two writes in flight can land out of order; this store replaces it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '@ats/core';
import type {
  IFixMsgStoreRecord,
  IFixSessionStore,
  IFixSessionStoreFactory,
  SessionId,
} from './fix-library.js';

interface StoredState {
  readonly nextSenderSeqNum: number;
  readonly nextTargetSeqNum: number;
  readonly createdAt: string;
}

/**
 * Keeps only the sequence numbers, not the messages: the adapter answers every ResendRequest with a
 * SequenceReset-GapFill (it never replays an order), so no message body is ever read back.
 */
export class FileSequenceStore implements IFixSessionStore {
  senderSeqNum = 1;
  targetSeqNum = 1;
  private created = new Date();
  private disposed = false;
  private readonly path: string;

  constructor(
    readonly sessionId: SessionId,
    private readonly directory: string,
  ) {
    this.path = join(
      directory,
      `${sessionId.beginString}-${sessionId.senderCompID}-${sessionId.targetCompID}.seqnums.json`,
    );
  }

  get creationTime(): Date {
    return this.created;
  }

  async initialize(): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    if (!existsSync(this.path)) {
      this.persist();
      return;
    }
    const state = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<StoredState>;
    const valid = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1;
    if (!valid(state.nextSenderSeqNum) || !valid(state.nextTargetSeqNum)) {
      throw new InvalidInputError(this.path, 'does not hold two sequence numbers of 1 or more', state);
    }
    this.senderSeqNum = state.nextSenderSeqNum;
    this.targetSeqNum = state.nextTargetSeqNum;
    this.created = new Date(state.createdAt ?? Date.now());
  }

  async setSenderSeqNum(value: number): Promise<void> {
    this.senderSeqNum = value;
    this.persist();
  }

  async setTargetSeqNum(value: number): Promise<void> {
    this.targetSeqNum = value;
    this.persist();
  }

  async nextSenderSeqNum(): Promise<number> {
    this.senderSeqNum += 1;
    this.persist();
    return this.senderSeqNum;
  }

  async nextTargetSeqNum(): Promise<number> {
    this.targetSeqNum += 1;
    this.persist();
    return this.targetSeqNum;
  }

  async reset(): Promise<void> {
    this.senderSeqNum = 1;
    this.targetSeqNum = 1;
    this.created = new Date();
    this.persist();
  }

  async put(_record: IFixMsgStoreRecord): Promise<void> {}

  async get(_seqNum: number): Promise<IFixMsgStoreRecord | null> {
    return null;
  }

  async getRange(_from: number, _to: number): Promise<IFixMsgStoreRecord[]> {
    return [];
  }

  async flush(): Promise<void> {}

  /**
   * The session this store served has ended. A write still in flight from it (jspurefix updates the
   * numbers without awaiting) must not land on the file after the next session's store has read it:
   * a crash then would restart from numbers older than the ones in use, and the counterparty would
   * log out on "MsgSeqNum too low".
   */
  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private persist(): void {
    if (this.disposed) return;
    const state: StoredState = {
      nextSenderSeqNum: this.senderSeqNum,
      nextTargetSeqNum: this.targetSeqNum,
      createdAt: this.created.toISOString(),
    };
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state)}\n`);
    renameSync(temporary, this.path);
  }
}

export class FileSequenceStoreFactory implements IFixSessionStoreFactory {
  constructor(private readonly directory: string) {}

  create(sessionId: SessionId): IFixSessionStore {
    return new FileSequenceStore(sessionId, this.directory);
  }
}
