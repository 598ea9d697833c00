// The sequence-number store: every change is on disk at once, and a new store reads it back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@ats/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSequenceStore } from './file-sequence-store.js';
import { SessionId } from './fix-library.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'ats-fix-seq-'));
  folders.push(path);
  return path;
}

const session = new SessionId('FIX.4.4', 'ATS', 'BROKER');

describe('FileSequenceStore', () => {
  it('starts a new session at 1 and 1', async () => {
    const store = new FileSequenceStore(session, folder());
    await store.initialize();
    expect([store.senderSeqNum, store.targetSeqNum]).toEqual([1, 1]);
  });

  it('a second store on the same folder reads the last numbers written, in the order written', async () => {
    const directory = folder();
    const store = new FileSequenceStore(session, directory);
    await store.initialize();
    // Not awaited, as jspurefix calls them: each write is complete when the call returns.
    void store.setSenderSeqNum(5);
    void store.setSenderSeqNum(6);
    void store.setTargetSeqNum(9);
    const reopened = new FileSequenceStore(session, directory);
    await reopened.initialize();
    expect([reopened.senderSeqNum, reopened.targetSeqNum]).toEqual([6, 9]);
  });

  it('writes nothing after it is disposed: a late update of an ended session does not reach the file', async () => {
    const directory = folder();
    const ended = new FileSequenceStore(session, directory);
    await ended.initialize();
    await ended.setSenderSeqNum(7);
    await ended.dispose();
    const next = new FileSequenceStore(session, directory);
    await next.initialize();
    await next.setSenderSeqNum(8);
    void ended.setSenderSeqNum(3);
    void ended.nextTargetSeqNum();
    const reopened = new FileSequenceStore(session, directory);
    await reopened.initialize();
    expect([reopened.senderSeqNum, reopened.targetSeqNum]).toEqual([8, 1]);
  });

  it('refuses a damaged file instead of starting again at 1', async () => {
    const directory = folder();
    writeFileSync(join(directory, 'FIX.4.4-ATS-BROKER.seqnums.json'), '{"nextSenderSeqNum":0}');
    await expect(new FileSequenceStore(session, directory).initialize()).rejects.toThrow(InvalidInputError);
  });
});
