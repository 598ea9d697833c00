// Reads and sets the session's stored sequence numbers (operations: after a counterparty reset, or to
// inspect a stopped adapter). Only while the adapter is disconnected: a live session owns the store.
import { FileSequenceStoreFactory } from './file-sequence-store.js';
import { type IFixSessionStoreFactory, SessionId } from './fix-library.js';
import type { FixSettings } from './fix-settings.js';

export interface StoredSequenceNumbers {
  /** MsgSeqNum (34) of the next message we send. */
  readonly nextSenderSeqNum: number;
  /** MsgSeqNum we expect on the counterparty's next message. */
  readonly nextTargetSeqNum: number;
}

type Identity = Pick<FixSettings, 'senderCompId' | 'targetCompId' | 'stateDirectory'>;

function openStore(settings: Identity, factory: IFixSessionStoreFactory | undefined) {
  const stores = factory ?? new FileSequenceStoreFactory(settings.stateDirectory);
  return stores.create(new SessionId('FIX.4.4', settings.senderCompId, settings.targetCompId));
}

export async function readStoredSequenceNumbers(
  settings: Identity,
  factory?: IFixSessionStoreFactory,
): Promise<StoredSequenceNumbers> {
  const store = openStore(settings, factory);
  await store.initialize();
  try {
    return { nextSenderSeqNum: store.senderSeqNum, nextTargetSeqNum: store.targetSeqNum };
  } finally {
    await store.dispose();
  }
}

export async function writeStoredSequenceNumbers(
  settings: Identity,
  numbers: Partial<StoredSequenceNumbers>,
  factory?: IFixSessionStoreFactory,
): Promise<void> {
  const store = openStore(settings, factory);
  await store.initialize();
  try {
    if (numbers.nextSenderSeqNum !== undefined) await store.setSenderSeqNum(numbers.nextSenderSeqNum);
    if (numbers.nextTargetSeqNum !== undefined) await store.setTargetSeqNum(numbers.nextTargetSeqNum);
  } finally {
    await store.dispose();
  }
}
