// The history providers `ats data backfill --provider` can name: a CSV file with its column mapping, or
// a network provider (Alpaca, Polygon, Yahoo, Alpha Vantage) built from the configuration like the collector's.
import { readFileSync } from 'node:fs';
import { type ColumnMapping, columnMappingPresets, csvDataClient } from '@ats/adapter-files';
import { type DataClient, InvalidInputError, type Timeframe } from '@ats/core';
import { dataClientOf } from '../composition/data-clients-of.js';
import type { AtsConfig } from '../config/config-schema.js';

export interface HistoryProviderOptions {
  readonly provider: string;
  /** The file of a file provider. */
  readonly file?: string;
  /** A preset name (ninjatrader, yahoo, ats) or a JSON ColumnMapping. */
  readonly mapping?: string;
  /** For presets with a fixed symbol (one file, one symbol). */
  readonly symbol?: string;
  readonly timeframe: Timeframe;
  /** Field separator of the file (default ',', ';' for the ninjatrader preset). */
  readonly delimiter?: string;
}

const networkProviders = ['alpaca', 'polygon', 'yahoo', 'alpha-vantage'] as const;
export const historyProviderNames = ['csv', ...networkProviders] as const;

function mappingOf(options: HistoryProviderOptions): ColumnMapping {
  const text = options.mapping ?? 'ats';
  const preset = Object.hasOwn(columnMappingPresets, text) ? columnMappingPresets[text] : undefined;
  if (preset) return preset(options.symbol ?? '');
  try {
    return JSON.parse(text) as ColumnMapping;
  } catch {
    throw new InvalidInputError(
      '--mapping',
      `'${text}' is neither a preset (${Object.keys(columnMappingPresets).join(', ')}) nor JSON`,
    );
  }
}

export function historyProviderOf(options: HistoryProviderOptions, config?: AtsConfig): DataClient {
  const network = networkProviders.find((name) => name === options.provider);
  if (network) {
    if (!config) throw new InvalidInputError('--provider', `'${network}' needs the platform's configuration`);
    // Credentials, endpoints and the published rate limit come from the configuration and environment.
    return dataClientOf(network, config);
  }
  if (options.provider !== 'csv') {
    throw new InvalidInputError(
      '--provider',
      `'${options.provider}' is not one of ${historyProviderNames.join(', ')}`,
    );
  }
  if (!options.file) throw new InvalidInputError('--file', 'is required for --provider csv');
  const mapping = mappingOf(options);
  const delimiter = options.delimiter ?? (options.mapping === 'ninjatrader' ? ';' : ',');
  return csvDataClient({
    name: 'csv',
    text: readFileSync(options.file, 'utf8'),
    mapping,
    contents: options.timeframe,
    format: { delimiter, header: typeof mapping.time === 'string' },
  });
}
