// The Trade Executor's control routes: place (risk-checked), modify, cancel, cancel all, flatten a
// symbol or everything. Every order an operator places goes through the Risk Manager.
import {
  AtsError,
  type Order,
  type OrderId,
  orderTypes,
  Price,
  Quantity,
  type Ticker,
  timesInForce,
  toSymbol,
} from '@ats/core';
import type { ExecutionEngine, Portfolio } from '@ats/engine';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { flattenPosition } from './flatten-position.js';
import type { ManualOrderDesk, ManualOrderInput, ManualOrderOutcome } from './manual-order-desk.js';

const decimal = { type: 'string', pattern: '^[0-9]{1,8}(\\.[0-9]{1,4})?$' } as const;
const symbol = { type: 'string', pattern: '^[A-Z][A-Z0-9.\\-/]{0,9}$' } as const;

const placeBody = {
  type: 'object',
  properties: {
    symbol,
    side: { type: 'string', enum: ['BUY', 'SELL'] },
    quantity: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    type: { type: 'string', enum: orderTypes.filter((type) => type !== 'TRAILING_STOP') },
    limitPrice: decimal,
    stopPrice: decimal,
    timeInForce: { type: 'string', enum: [...timesInForce] },
  },
  required: ['symbol', 'side', 'quantity', 'type'],
  additionalProperties: false,
} as const;

const modifyBody = {
  type: 'object',
  properties: {
    quantity: { type: 'integer', minimum: 1, maximum: 100_000_000 },
    limitPrice: decimal,
    stopPrice: decimal,
  },
  additionalProperties: false,
  minProperties: 1,
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
  additionalProperties: false,
} as const;

const symbolParams = {
  type: 'object',
  properties: { symbol },
  required: ['symbol'],
  additionalProperties: false,
} as const;

interface PlaceBody {
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  type: (typeof orderTypes)[number];
  limitPrice?: string;
  stopPrice?: string;
  timeInForce?: (typeof timesInForce)[number];
}

export interface ManualOrderRouteOptions {
  readonly execution: ExecutionEngine;
  readonly portfolio?: Portfolio;
  readonly desk?: ManualOrderDesk;
}

export function orderView(order: Order) {
  return {
    id: order.id,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    quantity: order.quantity.value,
    filledQuantity: order.filledQuantity.value,
    limitPrice: order.limitPrice?.toString() ?? null,
    stopPrice: order.stopPrice?.toString() ?? null,
    timeInForce: order.timeInForce,
    status: order.status,
    origin: order.origin,
  };
}

function answer(reply: FastifyReply, outcome: ManualOrderOutcome) {
  if (outcome.status === 'placed')
    return reply.code(201).send({ requestId: outcome.requestId, order: orderView(outcome.order) });
  if (outcome.status === 'rejected')
    return reply.code(422).send({
      error: 'RISK_REJECTED',
      requestId: outcome.requestId,
      reasonCode: outcome.reasonCode,
      message: outcome.reason,
    });
  return reply.code(202).send({ requestId: outcome.requestId, orderId: outcome.orderId, status: 'pending' });
}

function termsOf(body: PlaceBody): ManualOrderInput {
  const needsLimit = body.type === 'LIMIT' || body.type === 'STOP_LIMIT';
  const needsStop = body.type === 'STOP' || body.type === 'STOP_LIMIT';
  if (needsLimit !== (body.limitPrice !== undefined))
    throw new AtsError(
      'INVALID_INPUT',
      `limitPrice: a ${body.type} order ${needsLimit ? 'needs' : 'takes no'} limit price`,
    );
  if (needsStop !== (body.stopPrice !== undefined))
    throw new AtsError(
      'INVALID_INPUT',
      `stopPrice: a ${body.type} order ${needsStop ? 'needs' : 'takes no'} stop price`,
    );
  const price = (text: string | undefined, field: string) => {
    if (text === undefined) return null;
    const value = Price.of(text, field);
    if (!value.isPositive()) throw new AtsError('INVALID_INPUT', `${field}: must be above zero`);
    return value;
  };
  return {
    symbol: toSymbol(body.symbol),
    side: body.side,
    quantity: Quantity.of(body.quantity),
    orderType: body.type,
    limitPrice: price(body.limitPrice, 'limitPrice'),
    stopPrice: price(body.stopPrice, 'stopPrice'),
    timeInForce: body.timeInForce ?? 'DAY',
    reduceOnly: false,
  };
}

export function registerManualOrderRoutes(app: FastifyInstance, options: ManualOrderRouteOptions): void {
  const { execution, portfolio, desk } = options;
  const known = (id: string): Order => {
    const order = execution.order(id as OrderId);
    if (!order) throw new AtsError('NOT_FOUND', `order ${id} is not working in this executor`);
    return order;
  };

  app.delete<{ Params: { id: string } }>(
    '/orders/:id',
    { config: { permission: 'trade' }, schema: { params: idParams } },
    async (request) => {
      const order = known(request.params.id);
      if (order.isTerminal)
        throw new AtsError('CONFLICT', `order ${order.id} is ${order.status}: nothing to cancel`);
      await execution.cancel(order.id);
      return { order: orderView(order), cancelRequested: true };
    },
  );

  app.delete('/orders', { config: { permission: 'trade' } }, async () => {
    const open = execution.openOrders();
    for (const order of open) await execution.cancel(order.id);
    return { cancelRequested: open.map((order) => order.id) };
  });

  app.patch<{ Params: { id: string }; Body: { quantity?: number; limitPrice?: string; stopPrice?: string } }>(
    '/orders/:id',
    { config: { permission: 'trade' }, schema: { params: idParams, body: modifyBody } },
    async (request) => {
      const order = known(request.params.id);
      if (order.isTerminal)
        throw new AtsError('CONFLICT', `order ${order.id} is ${order.status}: it cannot change`);
      const { quantity, limitPrice, stopPrice } = request.body;
      // A larger order is new risk: it must go through the Risk Manager as a new order.
      if (quantity !== undefined && quantity > order.quantity.value)
        throw new AtsError(
          'INVALID_INPUT',
          'quantity: a modification may only reduce it; place a new order for more',
        );
      if (quantity !== undefined && quantity <= order.filledQuantity.value)
        throw new AtsError(
          'INVALID_INPUT',
          `quantity: ${order.filledQuantity.value} already filled; cancel instead`,
        );
      if (limitPrice !== undefined && order.limitPrice === null)
        throw new AtsError('INVALID_INPUT', `limitPrice: a ${order.type} order has no limit price`);
      if (stopPrice !== undefined && order.stopPrice === null)
        throw new AtsError('INVALID_INPUT', `stopPrice: a ${order.type} order has no stop price`);
      await execution.replace(order.id, {
        ...(quantity !== undefined ? { quantity: Quantity.of(quantity) } : {}),
        ...(limitPrice !== undefined ? { limitPrice: Price.of(limitPrice, 'limitPrice') } : {}),
        ...(stopPrice !== undefined ? { stopPrice: Price.of(stopPrice, 'stopPrice') } : {}),
      });
      return { order: orderView(order), replaceRequested: true };
    },
  );

  if (!desk) return;

  app.post<{ Body: PlaceBody }>(
    '/orders',
    { config: { permission: 'trade' }, schema: { body: placeBody } },
    async (request, reply) => answer(reply, await desk.request(termsOf(request.body), 'api')),
  );

  const flatten = async (symbols: readonly Ticker[]) => {
    if (!portfolio) throw new AtsError('NOT_FOUND', 'this process keeps no live portfolio');
    const results: Record<string, unknown>[] = [];
    for (const held of symbols) {
      const result = await flattenPosition({ execution, portfolio, desk }, held, 'api: flatten');
      results.push({
        symbol: held,
        status: result.status,
        ...(result.requestId ? { requestId: result.requestId } : {}),
        ...(result.order ? { order: orderView(result.order) } : {}),
        ...(result.status === 'rejected' ? { reasonCode: result.reasonCode, reason: result.reason } : {}),
      });
    }
    return results;
  };

  app.post<{ Params: { symbol: string } }>(
    '/positions/:symbol/flatten',
    { config: { permission: 'trade' }, schema: { params: symbolParams } },
    async (request) => ({
      flattened: await flatten([toSymbol(request.params.symbol)]),
    }),
  );

  app.post('/positions/flatten', { config: { permission: 'trade' } }, async () => {
    const symbols = portfolio
      ? portfolio
          .snapshot()
          .positions.filter((position) => position.netQuantity !== 0)
          .map((position) => position.symbol)
      : [];
    return { flattened: await flatten(symbols) };
  });
}
