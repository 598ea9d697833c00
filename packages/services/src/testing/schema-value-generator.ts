// Generates values from a route's JSON schema: valid ones, boundary ones and hostile ones, from a seeded random source.
import type { RandomSource } from '@ats/core';

/** The subset of JSON Schema the routes use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
}

/** A number written as raw JSON text (`1e309` parses to Infinity; JSON.stringify cannot write it). */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** How hostile a request is: every leaf valid, leaves at their bounds, or some leaves hostile. */
export type GenerationMode = 'valid' | 'boundary' | 'invalid';

/** Strings a valid request may carry; a schema's pattern picks the ones it accepts. */
const plausibleStrings = [
  'AAPL',
  'MSFT',
  'ORCL',
  'JPM',
  'XOM',
  'JNJ',
  'BRK.B',
  'Z',
  'ZZZZ',
  'daily-backup',
  'session-close',
  'session-open',
  'database-backup',
  'pre-open-warm-up',
  'portfolio-snapshot',
  'stale-market-data-check',
  'sma-cross',
  'end-of-day-snapshot',
  'job-1',
  'x',
  '0 16 * * MON-FRI',
  '*/5 * * * *',
  '0 0 30 2 *',
  '0 0 29 2 *',
  '0 12 * * *',
  'risk.alerts',
  'system.health',
  'America/New_York',
  'UTC',
  'Mars/Olympus',
  '100000',
  '2500.50',
  '0.0001',
  '1',
  '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  '00000000-0000-0000-0000-000000000000',
];

/** Strings that have broken parsers and lookups elsewhere. */
const hostileStrings = [
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'prototype',
  'valueOf',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1e309',
  '1e308',
  '0x10',
  '-0',
  '١٢٣',
  '2010-13-45',
  '2023-02-29',
  '0000-00-00',
  '9999-12-31',
  '2050-12-31T23:00:00Z',
  '2051-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2024-01-01T25:61:61Z',
  "'; DROP TABLE orders; --",
  '../../etc/passwd',
  '%00',
  '\u0000',
  '💥📈',
  'Ünïcödé',
  '\u202eRTL',
  'a'.repeat(300),
  'x'.repeat(20_000),
  '{"a":1}',
  '[]',
  'null',
  'true',
];

const dateTimes = [
  '2026-01-05T15:00:00Z',
  '2024-02-29T14:30:00.000Z',
  '1990-01-02T15:00:00Z',
  '2050-12-30T15:00:00-05:00',
];

/** Sets an own property, even `__proto__` (plain assignment would set the prototype instead). */
function ownProperty(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

export class SchemaValueGenerator {
  constructor(private readonly random: RandomSource) {}

  integer(low: number, high: number): number {
    return low + Math.floor(this.random.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.random.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random.next() * items.length)] as T;
  }

  /** A value for `schema`; `hostility` is the chance that a leaf is replaced by a hostile value. */
  value(schema: JsonSchema, mode: GenerationMode): unknown {
    const hostility = mode === 'invalid' ? 0.1 : 0;
    if (hostility > 0 && this.chance(hostility)) return this.hostile();
    // The schema's own examples are valid by construction: they reach the handlers' deeper paths.
    if (mode === 'valid' && schema.examples && this.chance(0.4))
      return structuredClone(this.pick(schema.examples));
    if (schema.anyOf) return this.value(this.pick(schema.anyOf), mode);
    if (schema.enum) return this.pick(schema.enum);
    const type = Array.isArray(schema.type)
      ? this.pick(schema.type as string[])
      : (schema.type as string | undefined);
    switch (type) {
      case 'object':
        return this.object(schema, mode);
      case 'array':
        return this.array(schema, mode);
      case 'integer':
      case 'number':
        return this.number(schema, type, mode);
      case 'boolean':
        return this.chance(0.5);
      case 'string':
        return this.string(schema, mode);
      default:
        return this.hostile();
    }
  }

  /**
   * A value for `schema` with exactly one field (chosen among every property the schema names, at
   * any depth) replaced by a hostile value: each invalid request probes one field for certain.
   */
  withOneHostileField(schema: JsonSchema): unknown {
    const value = this.value(schema, 'boundary');
    const paths = propertyPaths(schema, []);
    if (paths.length === 0 || value === null || typeof value !== 'object') return this.hostile();
    const path = this.pick(paths);
    let target = value as Record<string, unknown>;
    for (const name of path.slice(0, -1)) {
      const next = target[name];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) {
        const created: Record<string, unknown> = {};
        ownProperty(target, name, created);
        target = created;
      } else target = next as Record<string, unknown>;
    }
    ownProperty(target, path[path.length - 1] as string, this.hostile());
    return value;
  }

  /** Anything: a hostile string, a number no schema allows, or a value of the wrong type. */
  hostile(): unknown {
    switch (this.integer(0, 5)) {
      case 0:
      case 1:
        return this.pick(hostileStrings);
      case 2:
        return this.pick([
          new RawNumber('1e309'),
          new RawNumber('-1e309'),
          1e308,
          -1e308,
          1e14,
          -1,
          0,
          0.5,
          2 ** 53 + 2,
        ]);
      case 3:
        return this.pick([null, true, false, [], {}, [1, 2], { __proto__x: 1 }]);
      case 4:
        return { constructor: { prototype: 1 }, toString: 'x', nested: { deep: [[[[1]]]] } };
      default:
        return this.pick(['1', '0', '-1', '100000000000000000000', '3.5']);
    }
  }

  private object(schema: JsonSchema, mode: GenerationMode): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const include = required.has(name) ? !(mode === 'invalid' && this.chance(0.1)) : this.chance(0.5);
      if (include) ownProperty(result, name, this.value(property, mode));
    }
    if (typeof schema.additionalProperties === 'object' && this.chance(0.5)) {
      const count = mode === 'boundary' ? this.pick([0, 1, 20, 21]) : this.integer(1, 3);
      for (let index = 0; index < count; index++) {
        const name = this.pick([
          'fast',
          'slow',
          'retention',
          'bars',
          'maxAgeMilliseconds',
          'maxAttempts',
          `key${index}`,
        ]);
        ownProperty(result, name, this.value(schema.additionalProperties, mode));
      }
    }
    if (mode === 'invalid' && this.chance(0.2)) {
      ownProperty(result, this.pick(['__proto__', 'constructor', 'bogus', 'toString']), this.hostile());
    }
    return result;
  }

  private array(schema: JsonSchema, mode: GenerationMode): unknown[] {
    const low = schema.minItems ?? 0;
    const high = Math.min(schema.maxItems ?? 5, 5);
    const length =
      mode === 'boundary'
        ? this.pick([low, schema.maxItems ?? high, (schema.maxItems ?? high) + 1, 0])
        : this.integer(low, high);
    return Array.from({ length }, () => this.value(schema.items ?? {}, mode));
  }

  private number(schema: JsonSchema, type: string, mode: GenerationMode): unknown {
    const low = schema.minimum ?? -1_000_000;
    const high = schema.maximum ?? 1_000_000;
    if (mode === 'boundary') {
      const edges = [low, high, low - 1, high + 1, 0, -1, 1, low + 0.5, Number.MAX_SAFE_INTEGER, 1e308];
      return this.pick(edges);
    }
    if (this.chance(0.2) && schema.default !== undefined) return schema.default;
    // Skewed toward the low end: small pages keep each answer cheap; the bounds have their own mode.
    const span = Math.min(high - low, 1_000_000);
    const value = low + this.random.next() ** 3 * span;
    return type === 'integer' ? Math.round(value) : value;
  }

  private string(schema: JsonSchema, mode: GenerationMode): string {
    if (schema.format === 'date') return this.date(mode);
    if (schema.format === 'date-time')
      return mode === 'boundary' ? this.pick(hostileStrings.slice(17, 26)) : this.pick(dateTimes);
    if (schema.format === 'uuid')
      return mode === 'boundary' ? this.pick(hostileStrings) : this.pick(plausibleStrings.slice(-2));
    const pattern = schema.pattern ? new RegExp(schema.pattern, 'u') : null;
    const fits = plausibleStrings.filter(
      (text) =>
        (pattern === null || pattern.test(text)) &&
        text.length >= (schema.minLength ?? 0) &&
        text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY),
    );
    if (mode === 'boundary' && this.chance(0.5)) {
      const length = this.pick([
        schema.minLength ?? 0,
        schema.maxLength ?? 100,
        (schema.maxLength ?? 100) + 1,
      ]);
      return 'A'.repeat(Math.max(0, length));
    }
    return fits.length > 0 ? this.pick(fits) : this.pick(plausibleStrings);
  }

  private date(mode: GenerationMode): string {
    if (mode === 'boundary')
      return this.pick([
        '1990-01-01',
        '2050-12-31',
        '1989-12-31',
        '2051-01-01',
        '2024-02-29',
        '2023-02-29',
        '2010-13-45',
      ]);
    const year = this.integer(1995, 2030);
    const month = this.integer(1, 12);
    const day = this.integer(1, 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
}

/** Every property path a schema names, nested objects included. */
function propertyPaths(schema: JsonSchema, prefix: readonly string[]): string[][] {
  const paths: string[][] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    paths.push([...prefix, name]);
    if (property.properties) paths.push(...propertyPaths(property, [...prefix, name]));
  }
  return paths;
}

/** JSON text of a generated value, writing RawNumber as its raw text. */
export function jsonText(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Text of a generated value in a query string or a path. */
export function plainText(value: unknown): string {
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'string') return value;
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
