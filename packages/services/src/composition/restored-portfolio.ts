// A portfolio rebuilt from the trades table: each service that needs one replays the stored fills into
// its own Portfolio (never sharing Position objects with another component).
import { Money, type OrderFilled, toAccountId } from '@ats/core';
import { Portfolio } from '@ats/engine';
import { fillOfTrade } from '../wiring/stored-executions.js';
import type { ServiceContext } from './service-context.js';

export interface RestoredPortfolio {
  readonly portfolio: Portfolio;
  /** The fills replayed, oldest first. */
  readonly fills: readonly OrderFilled[];
}

export async function restoredPortfolio(context: ServiceContext): Promise<RestoredPortfolio> {
  const { config, repositories } = context;
  const accountId = toAccountId(config.account.id);
  const account = await repositories.portfolio.ensureAccount(
    accountId,
    Money.of(config.account.starting_cash, 'account.starting_cash'),
    Date.now(),
  );
  const portfolio = new Portfolio(accountId, account.startingCash);
  const fills = (await repositories.trades.listTrades({ accountId })).map(fillOfTrade);
  for (const fill of fills) portfolio.applyFill(fill);
  return { portfolio, fills };
}
