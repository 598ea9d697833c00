// The limits in force: the configured defaults, overridden per account, per strategy and per symbol
// (symbol beats strategy beats account beats default). Resolved sets are cached until a change.
import type { RiskLimitScope } from '@ats/core';
import { type PreTradeLimitKey, type PreTradeLimits, parseLimitValue } from './pre-trade-limits.js';

export interface LimitOverride {
  readonly scope: RiskLimitScope;
  /** The account id, strategy id or symbol. */
  readonly scopeId: string;
  readonly key: PreTradeLimitKey;
  readonly value: number;
}

type Overrides = Map<string, Partial<Record<PreTradeLimitKey, number>>>;

export class LimitBook {
  private readonly account: Partial<Record<PreTradeLimitKey, number>> = {};
  private readonly strategies: Overrides = new Map();
  private readonly symbols: Overrides = new Map();
  /** strategy → symbol → resolved limits (nested maps: no key string built per order). */
  private readonly resolved = new Map<string, Map<string, PreTradeLimits>>();
  private accountResolved: PreTradeLimits | null = null;

  constructor(private readonly defaults: PreTradeLimits) {}

  get defaultLimits(): PreTradeLimits {
    return this.defaults;
  }

  /** Sets (value) or removes (null) one override; the value is validated. Returns the previous value. */
  set(scope: RiskLimitScope, scopeId: string, key: PreTradeLimitKey, value: number | null): number | null {
    const checked = value === null ? null : parseLimitValue(key, value);
    const table = this.tableOf(scope, scopeId, true) as Partial<Record<PreTradeLimitKey, number>>;
    const previous = table[key] ?? null;
    if (checked === null) delete table[key];
    else table[key] = checked;
    this.resolved.clear();
    this.accountResolved = null;
    return previous;
  }

  /** The override at one scope, or null when none is set there. */
  get(scope: RiskLimitScope, scopeId: string, key: PreTradeLimitKey): number | null {
    return this.tableOf(scope, scopeId, false)?.[key] ?? null;
  }

  /** Every override, for the API. */
  overrides(): LimitOverride[] {
    const list: LimitOverride[] = [];
    const add = (
      scope: RiskLimitScope,
      scopeId: string,
      table: Partial<Record<PreTradeLimitKey, number>>,
    ) => {
      for (const [key, value] of Object.entries(table))
        list.push({ scope, scopeId, key: key as PreTradeLimitKey, value: value as number });
    };
    add('account', '', this.account);
    for (const [id, table] of this.strategies) add('strategy', id, table);
    for (const [id, table] of this.symbols) add('symbol', id, table);
    return list;
  }

  /** The account's limits (defaults with account overrides): account-wide counters use these. */
  forAccount(): PreTradeLimits {
    this.accountResolved ??= { ...this.defaults, ...this.account };
    return this.accountResolved;
  }

  /** The limits an order of this strategy in this symbol must pass (allocates once per pair). */
  forOrder(strategyId: string, symbol: string): PreTradeLimits {
    let bySymbol = this.resolved.get(strategyId);
    if (!bySymbol) {
      bySymbol = new Map();
      this.resolved.set(strategyId, bySymbol);
    }
    let limits = bySymbol.get(symbol);
    if (!limits) {
      limits = { ...this.forAccount(), ...this.strategies.get(strategyId), ...this.symbols.get(symbol) };
      bySymbol.set(symbol, limits);
    }
    return limits;
  }

  /** A strategy's limits without symbol overrides (per-strategy counters use these). */
  forStrategy(strategyId: string): PreTradeLimits {
    return this.forOrder(strategyId, '');
  }

  private tableOf(
    scope: RiskLimitScope,
    scopeId: string,
    create: boolean,
  ): Partial<Record<PreTradeLimitKey, number>> | undefined {
    if (scope === 'account') return this.account;
    const map = scope === 'strategy' ? this.strategies : this.symbols;
    let table = map.get(scopeId);
    if (!table && create) {
      table = {};
      map.set(scopeId, table);
    }
    return table;
  }
}
