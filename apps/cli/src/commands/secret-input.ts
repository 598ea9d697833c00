// Reads a password without showing it: from a terminal with echo off, or the first line of piped standard input.
import { createInterface } from 'node:readline';

export async function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const reader = createInterface({ input });
    for await (const line of reader) {
      reader.close();
      return line;
    }
    throw new Error('no password on standard input');
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          finish();
          resolve(text);
          return;
        }
        if (character === '\u0003') {
          finish();
          reject(new Error('interrupted'));
          return;
        }
        if (character === '\u007f') text = text.slice(0, -1);
        else text += character;
      }
    };
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}
