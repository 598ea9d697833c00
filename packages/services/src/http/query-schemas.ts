// Shared JSON schemas of query strings, so every list endpoint validates its input the same way.

export const limitQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 } },
  additionalProperties: false,
} as const;

export const symbolLimitQuery = {
  type: 'object',
  properties: {
    symbol: { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' },
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
  },
  additionalProperties: false,
} as const;

export interface LimitQuery {
  limit: number;
}

export interface SymbolLimitQuery {
  symbol?: string;
  limit: number;
}
