// Test support: a FIX message written as text ("35=8|37=O-1|...", '|' for SOH), read by tag the way
// jspurefix's MsgView is, so mapping tests can use payloads copied from the FIX 4.4 specification.
import type { TaggedFields } from '../fix-values.js';

export class TagValueMessage implements TaggedFields {
  private readonly fields = new Map<number, string>();

  constructor(text: string) {
    for (const part of text.replaceAll('\u0001', '|').split('|')) {
      if (part === '') continue;
      const equals = part.indexOf('=');
      if (equals <= 0) throw new Error(`'${part}' is not tag=value`);
      this.fields.set(Number(part.slice(0, equals)), part.slice(equals + 1));
    }
  }

  getString(tag: number): string | null {
    return this.fields.get(tag) ?? null;
  }
}
