// One symbol map: provider symbols (BRK.B, BRK-B, BRK/B, "BRK B") to one ATS instrument and back.
import { InvalidInputError } from '../errors/ats-error.js';
import { isSymbol, type Ticker } from '../identifiers/identifiers.js';

/**
 * How a provider writes a share class: ATS's own form is `BRK.B` (the spec's tickers, Alpaca, Polygon).
 * Yahoo Finance writes `BRK-B` (its `.` is an exchange suffix such as `VOD.L`); Alpha Vantage takes
 * `BRK-B`; files from other systems write `BRK/B` or `BRK B`.
 */
export type ShareClassStyle = 'dot' | 'dash' | 'slash';

const separatorOf: Record<ShareClassStyle, string> = { dot: '.', dash: '-', slash: '/' };

/** ROOT, one separator, and a class of one or two letters: a share class, never a pair like BTC/USDT. */
const shareClassPattern = /^([A-Z][A-Z0-9]{0,6})[.\-/ ]([A-Z]{1,2})$/;

export interface SymbolMapOptions {
  /** Per provider, how it writes share classes. Providers not named use ATS's own form (dot). */
  readonly styles?: Readonly<Record<string, ShareClassStyle>>;
  /** Exceptions a rule cannot know, per provider: provider symbol -> ATS symbol. */
  readonly overrides?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export class SymbolMap {
  private readonly styles: Readonly<Record<string, ShareClassStyle>>;
  private readonly fromProviderOverrides = new Map<string, Map<string, Ticker>>();
  private readonly toProviderOverrides = new Map<string, Map<string, string>>();

  constructor(options: SymbolMapOptions = {}) {
    this.styles = options.styles ?? {};
    for (const [provider, entries] of Object.entries(options.overrides ?? {})) {
      const from = new Map<string, Ticker>();
      const to = new Map<string, string>();
      for (const [providerSymbol, atsSymbol] of Object.entries(entries)) {
        const ticker = canonicalSymbol(atsSymbol);
        from.set(providerSymbol.toUpperCase(), ticker);
        to.set(ticker, providerSymbol);
      }
      this.fromProviderOverrides.set(provider, from);
      this.toProviderOverrides.set(provider, to);
    }
  }

  /** The ATS instrument a provider's symbol names. */
  fromProvider(provider: string, symbol: string): Ticker {
    const override = this.fromProviderOverrides.get(provider)?.get(symbol.trim().toUpperCase());
    return override ?? canonicalSymbol(symbol);
  }

  /** The symbol to send a provider for an ATS instrument. */
  toProvider(provider: string, ticker: Ticker): string {
    const override = this.toProviderOverrides.get(provider)?.get(ticker);
    if (override !== undefined) return override;
    const style = this.styles[provider] ?? 'dot';
    const match = shareClassPattern.exec(ticker);
    return match ? `${match[1]}${separatorOf[style]}${match[2]}` : ticker;
  }
}

/** ATS's form of a symbol: upper case, a share class after a dot (BRK-B, BRK/B, brk b -> BRK.B). */
export function canonicalSymbol(symbol: string): Ticker {
  const upper = symbol.trim().toUpperCase();
  const match = shareClassPattern.exec(upper);
  const canonical = match ? `${match[1]}.${match[2]}` : upper;
  if (!isSymbol(canonical))
    throw new InvalidInputError(
      'symbol',
      `'${symbol}' is not a ticker ATS can hold (1-10 characters)`,
      symbol,
    );
  return canonical as Ticker;
}

/** The share-class styles of the providers ATS ships adapters for (docs/market-data-providers.md). */
export const providerShareClassStyles: Readonly<Record<string, ShareClassStyle>> = {
  alpaca: 'dot',
  polygon: 'dot',
  yahoo: 'dash',
  'alpha-vantage': 'dash',
};

/** The map with every shipped provider's convention. */
export function defaultSymbolMap(overrides?: SymbolMapOptions['overrides']): SymbolMap {
  return new SymbolMap({ styles: providerShareClassStyles, ...(overrides ? { overrides } : {}) });
}
