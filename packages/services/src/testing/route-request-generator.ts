// Turns a registered route and its schema into generated requests for `inject`: path, query string, headers and body.
import type { InjectOptions } from 'fastify';
import type { RegisteredRoute } from './combined-app-fixture.js';
import {
  type GenerationMode,
  type JsonSchema,
  jsonText,
  plainText,
  type SchemaValueGenerator,
} from './schema-value-generator.js';

/** One request in five is valid: enough to reach every handler, while most probe the edge. */
const modes: readonly GenerationMode[] = ['valid', 'boundary', 'invalid', 'invalid', 'invalid'];

/** Bodies no schema describes: broken JSON, the wrong media type, the wrong top-level type. */
const malformedBodies: readonly { text: string; type: string }[] = [
  { text: '{"strategy":', type: 'application/json' },
  { text: '', type: 'application/json' },
  { text: 'not json', type: 'application/json' },
  { text: '[1,2,3]', type: 'application/json' },
  { text: '"text"', type: 'application/json' },
  { text: 'null', type: 'application/json' },
  { text: '{"id":"x"}', type: 'text/plain' },
  {
    text: '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
    type: 'application/json',
  },
  { text: `{"a":${'['.repeat(500)}${']'.repeat(500)}}`, type: 'application/json' },
];

export class RouteRequestGenerator {
  constructor(private readonly values: SchemaValueGenerator) {}

  request(route: RegisteredRoute): InjectOptions {
    const mode = this.values.pick(modes);
    const schema = route.schema as { params?: JsonSchema; querystring?: JsonSchema; body?: JsonSchema };
    const url = `${this.path(route.url, schema.params, mode)}${this.query(schema.querystring, mode)}`;
    const method = route.method as NonNullable<InjectOptions['method']>;
    if (route.method !== 'POST' && route.method !== 'PUT') return { method, url };
    if (mode === 'invalid' && this.values.chance(0.15)) {
      const body = this.values.pick(malformedBodies);
      return { method, url, payload: body.text, headers: { 'content-type': body.type } };
    }
    const body = schema.body ? this.generate(schema.body, mode) : undefined;
    if (body === undefined) return { method, url };
    return { method, url, payload: jsonText(body), headers: { 'content-type': 'application/json' } };
  }

  /** Valid and boundary values as the schema says; an invalid request carries one hostile field for sure. */
  private generate(schema: JsonSchema, mode: GenerationMode): unknown {
    return mode === 'invalid' && this.values.chance(0.8)
      ? this.values.withOneHostileField(schema)
      : this.values.value(schema, mode);
  }

  private path(template: string, params: JsonSchema | undefined, mode: GenerationMode): string {
    return template.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
      const schema = params?.properties?.[name] ?? { type: 'string' };
      let text = plainText(this.values.value(schema, mode));
      if (text === '') text = this.values.chance(0.5) ? '%20' : 'x';
      // Mostly encoded; sometimes raw, as a careless client would send it.
      return mode === 'invalid' && this.values.chance(0.1)
        ? text.replace(/[/?#]/g, '_')
        : encodeURIComponent(text);
    });
  }

  private query(schema: JsonSchema | undefined, mode: GenerationMode): string {
    const properties = (schema ? this.generate(schema, mode) : {}) as Record<string, unknown> | unknown;
    const pairs: string[] = [];
    if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
      for (const [name, value] of Object.entries(properties)) {
        if (Array.isArray(value) || (value !== null && typeof value === 'object' && !('text' in value))) {
          pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(JSON.stringify(value))}`);
        } else pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(plainText(value))}`);
        // A repeated key arrives as an array.
        if (mode === 'invalid' && this.values.chance(0.05)) pairs.push(`${encodeURIComponent(name)}=2`);
      }
    }
    if (mode === 'invalid' && this.values.chance(0.1))
      pairs.push(`${this.values.pick(['bogus', '__proto__', 'constructor'])}=1`);
    return pairs.length > 0 ? `?${pairs.join('&')}` : '';
  }
}
