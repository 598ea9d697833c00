// Shared JSON schemas of query strings, so every list endpoint validates its input the same way.

import { limitSchema, symbolSchema } from './schema-parts.js';

export const limitQuery = {
  type: 'object',
  properties: { limit: limitSchema(10_000, 100) },
  additionalProperties: false,
} as const;

export const symbolLimitQuery = {
  type: 'object',
  properties: {
    symbol: symbolSchema,
    limit: limitSchema(10_000, 100),
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
